import { describe, expect, it } from 'vitest';
import { negotiateMediaType } from '../../../../functions/shared/http/accept.js';
import { HttpError } from '../../../../functions/shared/http/problem.js';

const offered = ['application/json', 'text/csv'] as const;

describe('negotiateMediaType', () => {
  it('takes the first offer without an Accept header, or for */*', () => {
    expect(negotiateMediaType(undefined, offered)).toBe('application/json');
    expect(negotiateMediaType('', offered)).toBe('application/json');
    expect(negotiateMediaType('*/*', offered)).toBe('application/json');
  });

  it('takes the offer the header names, by type or by type/*', () => {
    expect(negotiateMediaType('text/csv', offered)).toBe('text/csv');
    expect(negotiateMediaType('text/*', offered)).toBe('text/csv');
    expect(negotiateMediaType('Text/CSV; charset=utf-8', offered)).toBe('text/csv');
  });

  it('weighs by quality, the most specific range deciding an offer', () => {
    expect(negotiateMediaType('application/json;q=0.5, text/csv', offered)).toBe('text/csv');
    expect(negotiateMediaType('text/csv;q=0.2, */*;q=0.8', offered)).toBe('application/json');
    expect(negotiateMediaType('*/*, application/json;q=0', offered)).toBe('text/csv');
  });

  it('answers 406 naming what is served when nothing is acceptable', () => {
    const refuse = (accept: string) => {
      try {
        negotiateMediaType(accept, offered);
      } catch (error) {
        return error;
      }
      return undefined;
    };

    for (const accept of ['application/xml', 'text/csv;q=0, application/json;q=0', 'garbage']) {
      const error = refuse(accept);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(406);
      expect((error as HttpError).message).toContain('application/json or text/csv');
    }
  });
});
