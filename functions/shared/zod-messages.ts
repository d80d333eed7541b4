import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * zod/mini (ADR 10) carries no error messages until a locale is configured: without this, every
 * field error would read "Invalid input". Imported for its effect by the modules that turn
 * issues into words: HTTP validation, the environment's configuration, the queue consumer.
 * (The English locale alone: `z.locales` would bundle every language.)
 */
z.config(en());
