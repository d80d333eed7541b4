import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { putClassifierRequestSchema } from '../../../functions/classification/contracts/classifier.js';
import {
  asciiWordTokens,
  type ClassifierConfig,
  classify,
  normalizeText,
  termProblem,
  wordTokens,
} from '../../../functions/classification/domain/classifier.js';
import { defaultClassifierConfig } from '../../../functions/classification/domain/default-config.js';
import { zodIssuesToFieldErrors } from '../../../functions/shared/http/validation.js';

const labelsOf = (description: string, config: ClassifierConfig = defaultClassifierConfig) =>
  classify({ description }, config).labels.map((score) => score.label);

const config = (
  labels: ClassifierConfig['labels'],
  hints: ClassifierConfig['hints'] = [],
): ClassifierConfig => ({
  labels,
  hints,
  version: 3,
  updatedAt: '2026-12-01T00:00:00.000Z',
});

describe('classify', () => {
  it('finds a legal threat in Chinese without spaces and suggests a complaint', () => {
    const result = classify(
      { subject: '水壶', description: '水壶漏水，再不处理我就打12315投诉你们' },
      defaultClassifierConfig,
    );

    expect(result.labels.map((score) => score.label)).toEqual(
      expect.arrayContaining(['legal_threat', 'quality']),
    );
    expect(result.labels.find((score) => score.label === 'legal_threat')?.terms).toEqual(['12315', '投诉']);
    expect(result.suggestedType).toBe('complaint');
    expect(result.configVersion).toBe(0);
  });

  it('reads full-width letters and digits as their half-width forms, in any case', () => {
    expect(normalizeText('ＢＲＯＫＥＮ　１２３１５')).toBe('broken 12315');
    expect(labelsOf('ＩＴ ＩＳ ＢＲＯＫＥＮ')).toEqual(['quality']);
    expect(labelsOf('我要打１２３１５')).toEqual(['legal_threat']);
  });

  it('matches a Chinese term the segmenter splits, as a substring', () => {
    const split = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('有质量问题')].map(
      (part) => part.segment,
    );
    expect(split).toEqual(['有', '质量', '问题']);

    expect(labelsOf('有质量问题')).toEqual(['quality']);
  });

  it('matches a single Chinese character only as a word of its own', () => {
    const broken = config([{ label: 'quality', threshold: 1, terms: [{ term: '坏', weight: 1 }] }]);

    expect(labelsOf('水壶坏了', broken)).toEqual(['quality']);
    expect(labelsOf('他是坏人', broken)).toEqual([]);
    expect(labelsOf('不要破坏', broken)).toEqual([]);
  });

  it('matches Latin terms as whole words, a trailing * as any ending', () => {
    const legal = config([
      { label: 'legal_threat', threshold: 1, terms: [{ term: 'court', weight: 1 }] },
      { label: 'billing', threshold: 1, terms: [{ term: 'refund*', weight: 1 }] },
    ]);

    expect(labelsOf('Thanks for the courtesy', legal)).toEqual([]);
    expect(labelsOf('See you in COURT.', legal)).toEqual(['legal_threat']);
    expect(labelsOf('It was refunded twice', legal)).toEqual(['billing']);
  });

  it('matches a phrase only with its words in order', () => {
    const phrase = config([{ label: 'quality', threshold: 1, terms: [{ term: "doesn't work", weight: 1 }] }]);

    expect(labelsOf('It doesn’t work at all', phrase)).toEqual(['quality']);
    expect(labelsOf("Work doesn't matter", phrase)).toEqual([]);
  });

  it('ignores a term the customer negates in the same clause, in both languages', () => {
    expect(labelsOf('It is not broken, I just changed my mind.')).toEqual([]);
    expect(labelsOf('The box was not damaged at all.')).toEqual([]);
    expect(labelsOf('东西没有坏，就是不想要了')).toEqual([]);
    expect(labelsOf('外观没有出现破损')).toEqual([]);
    expect(labelsOf('不是质量问题')).toEqual([]);
  });

  it('keeps a term that follows the negated clause', () => {
    expect(labelsOf('The box was not damaged, but the kettle is broken.')).toEqual(['quality']);
    expect(labelsOf('盒子没有破损，但是水壶坏了')).toEqual(['quality']);
    expect(labelsOf('没两天就坏了')).toEqual(['quality']);
  });

  it('gives a label only when its distinct terms reach the threshold', () => {
    const strict = config([
      {
        label: 'abusive',
        threshold: 2,
        terms: [
          { term: 'idiot', weight: 1 },
          { term: 'clown', weight: 1 },
        ],
      },
    ]);

    expect(labelsOf('idiot idiot idiot', strict)).toEqual([]);
    expect(classify({ description: 'idiot and clown' }, strict).labels).toEqual([
      { label: 'abusive', score: 2, terms: ['idiot', 'clown'] },
    ]);
  });

  it('orders labels strongest first', () => {
    const result = classify(
      { description: 'Lawyer, court, legal action: the parcel is late.' },
      defaultClassifierConfig,
    );

    expect(result.labels.map((score) => score.label)).toEqual(['legal_threat', 'logistics']);
  });

  it('suggests the type the customer asks for over the one a label implies', () => {
    expect(classify({ description: '垃圾店铺，我要退款' }, defaultClassifierConfig).suggestedType).toBe(
      'refund',
    );
    expect(classify({ description: '垃圾店铺' }, defaultClassifierConfig).suggestedType).toBe('complaint');
    expect(classify({ description: 'Hello there' }, defaultClassifierConfig).suggestedType).toBeNull();
  });

  it('suggests the reason the text speaks for', () => {
    expect(
      classify({ description: 'You sent me a wrong item' }, defaultClassifierConfig).suggestedReason,
    ).toBe('wrong_item');
    expect(classify({ description: '尺码偏小' }, defaultClassifierConfig).suggestedReason).toBe(
      'size_or_fit',
    );
    expect(classify({ description: 'Where is it?' }, defaultClassifierConfig).suggestedReason).toBeNull();
  });

  it("flags a customer-side reason against a text about the shop's fault", () => {
    const english = classify(
      { description: 'The handle is broken.', reason: 'no_longer_needed' },
      defaultClassifierConfig,
    );
    const chinese = classify(
      { description: '收到就坏了', reason: 'no_longer_needed' },
      defaultClassifierConfig,
    );

    expect(english.reasonMismatch).toEqual({
      chosen: 'no_longer_needed',
      suggested: 'defective',
      terms: ['broken'],
    });
    expect(chinese.reasonMismatch).toMatchObject({ chosen: 'no_longer_needed', suggested: 'defective' });
  });

  it('flags the shop-fault reason a text takes back, and nothing the text agrees with', () => {
    const takenBack = classify(
      { description: 'Nothing is broken, I bought it by mistake.', reason: 'defective' },
      defaultClassifierConfig,
    );
    const agrees = classify(
      { description: 'The lid is cracked.', reason: 'defective' },
      defaultClassifierConfig,
    );

    expect(takenBack.reasonMismatch).toEqual({
      chosen: 'defective',
      suggested: 'no_longer_needed',
      terms: ['by mistake'],
    });
    expect(agrees.reasonMismatch).toBeUndefined();
  });

  it('never flags `other` or `service`, nor a ticket without a reason', () => {
    for (const reason of ['other', 'service'] as const)
      expect(
        classify({ description: 'broken', reason }, defaultClassifierConfig).reasonMismatch,
      ).toBeUndefined();
    expect(classify({ description: 'broken' }, defaultClassifierConfig).reasonMismatch).toBeUndefined();
  });

  it('gives only configured labels at or above their threshold, with configured terms, for any text', () => {
    const terms = new Set(
      defaultClassifierConfig.labels.flatMap((rule) => rule.terms.map((entry) => entry.term)),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ maxLength: 40 }),
        (text, subject) => {
          const result = classify({ subject, description: text }, defaultClassifierConfig);
          for (const score of result.labels) {
            const rule = defaultClassifierConfig.labels.find((candidate) => candidate.label === score.label);
            expect(rule).toBeDefined();
            expect(score.score).toBeGreaterThanOrEqual(rule?.threshold ?? Number.POSITIVE_INFINITY);
            for (const term of score.terms) expect(terms.has(term)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('word tokens', () => {
  const icu = new Intl.Segmenter('zh', { granularity: 'word' });
  const icuTokens = (text: string) =>
    [...icu.segment(text)]
      .filter((part) => part.isWordLike)
      .map((part) => ({ text: part.segment, start: part.index, end: part.index + part.segment.length }));
  // Short runs of the characters whose rules differ (letters, digits and each joining mark).
  const asciiText = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'a',
          'z',
          'q',
          '0',
          '9',
          ' ',
          '\n',
          '.',
          ',',
          ';',
          ':',
          '!',
          '?',
          "'",
          '"',
          '(',
          ')',
          '/',
          '-',
        ),
        fc.constantFrom('refund', 'don', 't', '3', '25', 'e', 'g'),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it("splits lower-case ASCII text exactly as ICU's word segmenter does", () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        expect(asciiWordTokens(text)).toEqual(icuTokens(text));
      }),
      { numRuns: 3000 },
    );
    expect(asciiWordTokens("e.g. it's 3.5 or 3,5: a:b, 1:2 and ok.")).toEqual(
      icuTokens("e.g. it's 3.5 or 3,5: a:b, 1:2 and ok."),
    );
  });

  it('leaves any other text to ICU, which splits Chinese by its dictionary', () => {
    expect(wordTokens('我的包裹坏了').map((token) => token.text)).toEqual(
      icuTokens('我的包裹坏了').map((token) => token.text),
    );
    expect(wordTokens('café crème').map((token) => token.text)).toEqual(['café', 'crème']);
  });
});

describe('termProblem', () => {
  it('refuses terms that can never match', () => {
    expect(termProblem('broken')).toBeNull();
    expect(termProblem('坏')).toBeNull();
    expect(termProblem('refund*')).toBeNull();
    expect(termProblem('*')).not.toBeNull();
    expect(termProblem('!!')).not.toBeNull();
    expect(termProblem('投诉*')).not.toBeNull();
  });
});

describe('putClassifierRequestSchema', () => {
  const paths = (body: unknown) => {
    const parsed = putClassifierRequestSchema().safeParse(body);
    return parsed.success ? [] : zodIssuesToFieldErrors(parsed.error.issues).map((error) => error.path);
  };

  it('accepts the built-in defaults as they are', () => {
    const { labels, hints } = defaultClassifierConfig;

    expect(paths({ labels, hints })).toEqual([]);
  });

  it('names a bad field of a term', () => {
    const body = {
      labels: [{ label: 'quality', threshold: 0, terms: [{ term: 'broken', weight: 1 }] }],
      hints: [{ term: 'refund', weight: 1, type: 'refnd' }],
    };

    expect(paths(body).sort()).toEqual(['hints.0.type', 'labels.0.threshold']);
  });

  it('names every duplicate label, term listed twice and term that cannot match', () => {
    const body = {
      labels: [
        { label: 'quality', threshold: 1, terms: [{ term: 'broken', weight: 1 }] },
        {
          label: 'quality',
          threshold: 1,
          terms: [
            { term: 'Broken', weight: 1 },
            { term: 'ＢＲＯＫＥＮ', weight: 1 },
            { term: '*', weight: 1 },
          ],
        },
      ],
      hints: [{ term: '投诉*', weight: 1 }],
    };

    expect(paths(body).sort()).toEqual([
      'hints.0.term',
      'labels.1.label',
      'labels.1.terms.1.term',
      'labels.1.terms.2.term',
    ]);
  });
});
