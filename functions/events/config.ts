import * as z from 'zod/mini';
import { defineConfig, variable } from '../shared/config.js';

/** The event router's one setting besides the queues: the public bus. */
export const eventsConfig = defineConfig({
  eventBusName: variable(
    'EVENT_BUS_NAME',
    z.string().check(z.minLength(1)),
    'The public EventBridge bus (set by the stack).',
  ),
});
