import { sharedConfig } from './config.js';
import { getDocumentClient } from './dynamodb-client.js';

/** The table every handler works on (functions/shared/config.ts). */
export function tableConfig() {
  return { client: getDocumentClient(), tableName: sharedConfig.get().tableName };
}
