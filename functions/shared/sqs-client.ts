import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The SQS client of one process, built on first use; its endpoint comes from the SDK's own
 * endpoint settings (set by local/runtime.ts), which is how the local runtime points it at the emulator.
 */
let sqsClient: SQSClient | undefined;

export function getSqsClient(): SQSClient {
  // The queue URL must not override the endpoint: local emulators hand out URLs on hosts that
  // do not resolve, and on AWS the regional endpoint is the right one anyway.
  sqsClient ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return sqsClient;
}
