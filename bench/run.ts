import { benchSlaSweep } from './sla-sweep.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `npm run bench`: prints its figures; not part of `npm test`. */
await benchSlaSweep();
