import { describe, expect, it } from 'vitest';
import { handler, transformRecord } from '../../../functions/events/handlers/archive-transform.js';

const base64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');

const refundIssued = {
  id: 'e-1',
  type: 'RefundIssued',
  version: 1,
  ticketId: 't-1',
  ticketType: 'refund',
  at: '2026-12-03T23:59:59.999Z',
  actor: { id: 'system', role: 'system' },
  visibility: 'public',
  data: { amount: 13900, currency: 'CNY' },
};

describe('archive transform (Firehose)', () => {
  it('turns a public event into its archive row, one JSON line, partitioned by its day', () => {
    // Execute
    const result = transformRecord('r-1', base64(refundIssued));

    // Assert
    expect(result).toMatchObject({
      recordId: 'r-1',
      result: 'Ok',
      metadata: { partitionKeys: { day: '2026-12-03' } },
    });
    const line = Buffer.from(result.data ?? '', 'base64').toString('utf8');
    expect(line.endsWith('}\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      event_id: 'e-1',
      event_type: 'RefundIssued',
      occurred_at: '2026-12-03 23:59:59.999',
      amount_minor: 13900,
      currency: 'CNY',
      day: '2026-12-03',
    });
  });

  it('drops what the archive does not know and passes none of it on', () => {
    // Execute
    const results = [
      transformRecord('r-1', base64('not json at all, Ann Lee, 12 Main Street')),
      transformRecord('r-2', base64({ ...refundIssued, type: 'SomethingNew', data: { body: 'Ann Lee' } })),
      transformRecord('r-3', base64([1, 2, 3])),
    ];

    // Assert
    expect(results).toEqual([
      { recordId: 'r-1', result: 'Dropped', data: '' },
      { recordId: 'r-2', result: 'Dropped', data: '' },
      { recordId: 'r-3', result: 'Dropped', data: '' },
    ]);
  });

  it('answers every record of a batch, in order', async () => {
    // Execute
    const answer = await handler(
      {
        invocationId: 'i-1',
        deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/redress-dev-archive',
        region: 'us-east-1',
        records: [
          { recordId: 'a', approximateArrivalTimestamp: 0, data: base64(refundIssued) },
          { recordId: 'b', approximateArrivalTimestamp: 0, data: base64('{') },
        ],
      },
      {} as never,
    );

    // Assert
    expect(answer.records.map((record) => [record.recordId, record.result])).toEqual([
      ['a', 'Ok'],
      ['b', 'Dropped'],
    ]);
  });
});
