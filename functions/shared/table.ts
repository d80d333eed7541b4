import { getDocumentClient } from './dynamodb-client.js';
import { requireEnv } from './env.js';

/** The table every handler works on, named by TABLE_NAME. */
export function tableConfig() {
  return { client: getDocumentClient(), tableName: requireEnv('TABLE_NAME') };
}
