import * as z from 'zod';
import { defineConfig, variable } from '../shared/config.js';

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
