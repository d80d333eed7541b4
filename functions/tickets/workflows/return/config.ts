import * as z from 'zod/mini';
import { defineConfig, signingSecret, variable } from '../../../shared/config.js';

/** The carrier behind return pickups. */
export const returnsConfig = defineConfig({
  carrierUrl: variable('CARRIER_URL', z.url(), 'Base URL of the carrier (the stage setting `carrierUrl`).'),
});

export const carrierSecret = signingSecret('CARRIER_SECRET', "The carrier's HMAC signing secret.");
