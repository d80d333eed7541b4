import { benchBundles } from './bundles.js';
import { benchClassifier } from './classifier.js';
import { benchConsole } from './console.js';
import { benchCrashRecovery } from './crash-recovery.js';
import { benchLoad } from './load.js';
import { benchOperationCost } from './operation-cost.js';
import { benchReportCost } from './report-cost.js';
import { benchSlaSweep } from './sla-sweep.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
/**
 * `npm run bench`: prints its figures; not part of `npm test`. `npm run bench -- crash` (or
 * `sla`, `bundles`, `classifier`, `console`, `report-cost`, `cost`, `load`) runs one of them.
 */
const benches: Record<string, () => Promise<void>> = {
  sla: benchSlaSweep,
  bundles: benchBundles,
  crash: benchCrashRecovery,
  classifier: benchClassifier,
  console: benchConsole,
  'report-cost': benchReportCost,
  cost: benchOperationCost,
  load: benchLoad,
};
const chosen = process.argv.slice(2);
for (const name of chosen)
  if (!benches[name]) throw new Error(`unknown bench ${name}; one of ${Object.keys(benches).join(', ')}`);
for (const [name, bench] of Object.entries(benches)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  await bench();
}
