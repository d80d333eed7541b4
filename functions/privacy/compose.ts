import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { secretAddressHashKey } from './adapters/address-hash-key.secrets.js';
import { DynamoDbCustomerDataReader } from './adapters/customer-data.dynamodb.js';
import { DynamoDbErasureJobs } from './adapters/erasure-jobs.dynamodb.js';
import { DynamoDbPersonalDataWriter } from './adapters/personal-data-writer.dynamodb.js';
import type { PrivacyDeps } from './use-cases/deps.js';

let deps: PrivacyDeps | undefined;

/** The production wiring of the privacy context (export, erasure, retention), built once per process. */
export function privacyDeps(): PrivacyDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    const jobs = new DynamoDbErasureJobs(client, tableName);
    deps = {
      reader: new DynamoDbCustomerDataReader(client, tableName),
      writer: new DynamoDbPersonalDataWriter(client, tableName),
      jobs,
      erased: jobs,
      hashKey: secretAddressHashKey,
      clock: systemClock,
    };
  }
  return deps;
}
