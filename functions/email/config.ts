import * as z from 'zod/mini';
import { defineConfig, positiveNumber, variable } from '../shared/config.js';

/** What the inbound email function reads, beyond the notifier's sender, reply domain and set. */
export const inboundEmailConfig = defineConfig({
  supportAddress: variable(
    'SUPPORT_ADDRESS',
    z.optional(z.email()),
    'The desk’s own address: mail to it from a known customer opens an inquiry (the stage setting `supportAddress`).',
  ),
  maxInboundBytes: variable(
    'INBOUND_EMAIL_MAX_BYTES',
    z._default(positiveNumber, 10 * 1024 * 1024),
    'Raw mail above this size is not read; the sender gets a bounce.',
  ),
  inboundBucket: variable(
    'INBOUND_EMAIL_BUCKET',
    z.optional(z.string()),
    'The S3 bucket SES stores received mail in (set by the stack; not used locally).',
  ),
});
