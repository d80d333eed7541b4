/**
 * Both clients, for modules not yet moved to the one they use (functions/sla/compose.ts). New code
 * imports `./dynamodb-client.js` or `./sqs-client.js`: this module loads SQS into every importer.
 */
export { getDocumentClient, getDynamoDbClient } from './dynamodb-client.js';
export { getSqsClient } from './sqs-client.js';
