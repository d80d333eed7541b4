import * as z from 'zod/mini';
import { defineConfig, variable } from '../shared/config.js';
import { isValidZone } from '../sla/domain/calendar.js';

/** What sending a macro reads from the environment. */
export const macrosConfig = defineConfig({
  deskTimeZone: variable(
    'DESK_TIME_ZONE',
    z._default(
      z.string().check(z.refine(isValidZone, 'An IANA time zone such as Asia/Shanghai.')),
      'Asia/Shanghai',
    ),
    "The desk's IANA time zone: macro dates are written in it for customers whose order gives none.",
  ),
});
