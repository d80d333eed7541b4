import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  Context,
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import { logger, metrics } from '../../shared/observability.js';
import { archiveRowOf } from '../domain/archive-row.js';

/**
 * One Firehose record: a public event as the bus rule hands it (its `detail`), base64. It leaves
 * as its archive row, one JSON line, with its day as the partition key; an event the archive
 * does not know (or not JSON) is dropped, never passed on whole — its text must not reach S3.
 */
export function transformRecord(recordId: string, data: string): FirehoseTransformationResultRecord {
  let event: unknown;
  try {
    event = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return { recordId, result: 'Dropped', data: '' };
  }
  const row = typeof event === 'object' && event !== null ? archiveRowOf(event as never) : undefined;
  if (!row) return { recordId, result: 'Dropped', data: '' };
  return {
    recordId,
    result: 'Ok',
    data: Buffer.from(`${JSON.stringify(row)}\n`, 'utf8').toString('base64'),
    metadata: { partitionKeys: { day: row.day } },
  };
}

/** Firehose's transform (ADR 22): the same projection as the local archive, record by record. */
export const handler = async (
  event: FirehoseTransformationEvent,
  _context: Context,
): Promise<FirehoseTransformationResult> => {
  try {
    const records = event.records.map((record) => transformRecord(record.recordId, record.data));
    const dropped = records.filter((record) => record.result === 'Dropped').length;
    metrics.addMetric('ArchiveRows', MetricUnit.Count, records.length - dropped);
    if (dropped > 0) {
      metrics.addMetric('ArchiveEventsDropped', MetricUnit.Count, dropped);
      logger.warn('Dropped events the archive does not know', { dropped });
    }
    return { records };
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
