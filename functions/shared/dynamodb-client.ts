import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB clients of one process, built on first use. The endpoint comes from the SDK's own
 * endpoint settings (set by local/runtime.ts), which is how the local runtime points the same handlers
 * at DynamoDB Local. One module per AWS client, so a function loads only the clients it uses.
 */
let dynamoDbClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

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
