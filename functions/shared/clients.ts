import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients shared by the handlers of one process, built on first use. Endpoints come from
 * the SDK's own settings (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`), which is how the
 * local runtime points the same handlers at the emulators.
 */
let dynamoDbClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;

export function getDynamoDbClient(): DynamoDBClient {
  dynamoDbClient ??= new DynamoDBClient({});
  return dynamoDbClient;
}

export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(getDynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function getSqsClient(): SQSClient {
  // The queue URL must not override the endpoint: local emulators hand out URLs on hosts that
  // do not resolve, and on AWS the regional endpoint is the right one anyway.
  sqsClient ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return sqsClient;
}
