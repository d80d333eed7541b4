import * as z from 'zod/mini';
import { defineConfig, signingSecret, variable } from '../shared/config.js';

/** What the notifier reads: the sender, the frontend's address and the SES configuration set. */
export const notificationsConfig = defineConfig({
  mailFrom: variable(
    'MAIL_FROM',
    z.string().check(z.minLength(3)),
    'From address of all email (`sesFromAddress`).',
  ),
  appUrl: variable(
    'APP_URL',
    z.optional(z.url()),
    'Base URL of the frontends, for ticket and survey links (left out without it).',
  ),
  sesConfigurationSet: variable(
    'SES_CONFIGURATION_SET',
    z.optional(z.string()),
    'The SES configuration set whose events report bounces and complaints.',
  ),
  replyDomain: variable(
    'REPLY_DOMAIN',
    z.optional(
      z
        .string()
        .check(
          z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'A domain name.'),
        ),
    ),
    'Domain of the per-ticket reply addresses (`reply+<ticketId>.<sig>@<domain>`, the Reply-To of customer email); SES receives its mail. Without it customer email carries no Reply-To.',
  ),
});

/**
 * Signs the per-ticket reply addresses (domain/reply-address.ts): the notifier signs them, the
 * inbound email function verifies them. Rotating it voids the reply addresses already mailed.
 */
export const replyAddressSecret = signingSecret(
  'REPLY_ADDRESS_SECRET',
  'The HMAC key of the per-ticket reply addresses.',
);

/**
 * The key of the address HMAC (domain/address-digest.ts): the notifier looks a suppression up
 * under it, the erasure stores an erased customer's suppressions under it. Both must read the
 * same secret: rotating it un-suppresses every hashed address.
 */
export const addressHashSecret = signingSecret(
  'ADDRESS_HASH_SECRET',
  'The HMAC key under which suppressed addresses of erased customers are kept.',
);
