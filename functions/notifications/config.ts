import * as z from 'zod';
import { defineConfig, signingSecret, variable } from '../shared/config.js';

/** What the notifier reads: the sender, the frontend's address and the SES configuration set. */
export const notificationsConfig = defineConfig({
  mailFrom: variable('MAIL_FROM', z.string().min(3), 'From address of all email (`sesFromAddress`).'),
  appUrl: variable(
    'APP_URL',
    z.url().optional(),
    'Base URL of the frontends, for ticket and survey links (left out without it).',
  ),
  sesConfigurationSet: variable(
    'SES_CONFIGURATION_SET',
    z.string().optional(),
    'The SES configuration set whose events report bounces and complaints.',
  ),
});

/**
 * The key of the address HMAC (domain/address-digest.ts): the notifier looks a suppression up
 * under it, the erasure stores an erased customer's suppressions under it. Both must read the
 * same secret: rotating it un-suppresses every hashed address.
 */
export const addressHashSecret = signingSecret(
  'ADDRESS_HASH_SECRET',
  'The HMAC key under which suppressed addresses of erased customers are kept.',
);
