import { describe, expect, it } from 'vitest';
import { putClassifierRequestSchema } from '../../../functions/classification/contracts/classifier.js';
import {
  makeClassifyTicket,
  makeGetClassifier,
  makePutClassifier,
} from '../../../functions/classification/use-cases/classifier.js';
import { InMemoryClassifierRepository } from '../../fixtures/in-memory-desk.js';

const clock = { now: () => new Date('2026-12-03T10:00:00.000Z') };
const request = (body: unknown) => putClassifierRequestSchema().parse(body);
const onlyShipping = {
  labels: [{ label: 'logistics', threshold: 1, terms: [{ term: 'parcel', weight: 1 }] }],
};

describe('classifier use cases', () => {
  it('reads the defaults as version 0 until an admin saves a config', async () => {
    const classifier = new InMemoryClassifierRepository();

    expect(await makeGetClassifier({ classifier })()).toMatchObject({ version: 0, updatedAt: null });
  });

  it('saves a config as the next version and classifies tickets with it at once', async () => {
    const classifier = new InMemoryClassifierRepository();
    const saved = await makePutClassifier({ classifier, clock })(request(onlyShipping));
    const classification = await makeClassifyTicket({ classifier })({
      description: 'The parcel is broken',
      reason: 'defective',
    });

    expect(saved).toMatchObject({ version: 1, updatedAt: '2026-12-03T10:00:00.000Z', hints: [] });
    expect(classification).toEqual({
      labels: [{ label: 'logistics', score: 1, terms: ['parcel'] }],
      suggestedType: null,
      suggestedReason: null,
      configVersion: 1,
    });
  });

  it('refuses a save against a version that is no longer current', async () => {
    const classifier = new InMemoryClassifierRepository();
    const put = makePutClassifier({ classifier, clock });
    await put(request({ ...onlyShipping, version: 0 }));

    await expect(put(request({ ...onlyShipping, version: 0 }))).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    await expect(put(request(onlyShipping))).resolves.toMatchObject({ version: 2 });
  });
});
