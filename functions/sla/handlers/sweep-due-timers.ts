import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, metrics } from '../../shared/observability.js';
import { slaDeps } from '../compose.js';
import { makeSweepDueTimers } from '../use-cases/sweep-due-timers.js';

let sweep: ReturnType<typeof makeSweepDueTimers> | undefined;

/** Every minute (EventBridge schedule): hands the due timers to the sla-timers queue. */
export const handler = async (_event: ScheduledEvent) => {
  sweep ??= makeSweepDueTimers(slaDeps());
  const began = Date.now();
  const result = await sweep();
  metrics.addMetric('SweeperHeartbeat', MetricUnit.Count, 1);
  metrics.addMetric('SweepDueTimers', MetricUnit.Count, result.due);
  metrics.addMetric('SweepItemsRead', MetricUnit.Count, result.itemsRead);
  metrics.addMetric('SweepDuration', MetricUnit.Milliseconds, Date.now() - began);
  metrics.publishStoredMetrics();
  if (result.due > 0) logger.info('Swept due timers', { ...result });
  return result;
};
