import { benchBundles } from './bundles.js';
import { benchSlaSweep } from './sla-sweep.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `npm run bench`: prints its figures; not part of `npm test`. `npm run bench -- bundles` (or
 * `sla`) runs one of them.
 */
const only = process.argv[2];
if (only === undefined || only === 'sla') await benchSlaSweep();
if (only === undefined || only === 'bundles') await benchBundles();
