import { describe, expect, it } from 'vitest';
import { putMacroRequestSchema } from '../../../functions/macros/contracts/macro.js';
import {
  makeDeleteMacro,
  makeGetMacro,
  makeListMacros,
  makePutMacro,
} from '../../../functions/macros/use-cases/macros.js';
import { BusinessRuleError } from '../../../functions/shared/errors.js';
import { zodIssuesToFieldErrors } from '../../../functions/shared/http/validation.js';
import { InMemoryMacroRepository } from '../../fixtures/in-memory-desk.js';

const clock = { now: () => new Date('2026-12-03T10:00:00.000Z') };
const request = (overrides: Record<string, unknown> = {}) => ({
  title: 'Refund on its way',
  body: {
    en: 'Hi {{customer.name}}, {{refund.amount}} is on its way for {{ticket.number}}.',
    'zh-CN': '{{customer.name}}您好，{{refund.amount}}已退回，工单{{ticket.number}}。',
  },
  actions: [{ action: 'resolve' }, { action: 'set_priority', priority: 'low' }],
  labels: ['billing'],
  ...overrides,
});

function paths(body: unknown): string[] {
  const parsed = putMacroRequestSchema().safeParse(body);
  return parsed.success ? [] : zodIssuesToFieldErrors(parsed.error.issues).map((error) => error.path);
}

describe('putMacroRequestSchema', () => {
  it('takes a title, both bodies, the follow-up actions and labels', () => {
    expect(paths(request())).toEqual([]);
    expect(putMacroRequestSchema().parse(request({ actions: undefined, labels: undefined }))).toMatchObject({
      actions: [],
      labels: [],
    });
  });

  it('names a missing body, an action it does not know and a bad priority, tag or label', () => {
    expect(
      paths(
        request({
          body: { en: 'Hi' },
          actions: [
            { action: 'approve' },
            { action: 'set_priority', priority: 'asap' },
            { action: 'add_tag', tag: 'No Spaces' },
          ],
          labels: ['Quality!'],
        }),
      ).sort(),
    ).toEqual(['actions.0.action', 'actions.1.priority', 'actions.2.tag', 'body.zh-CN', 'labels.0']);
  });

  it('refuses an action twice, a tag twice (added or removed), and asking for information while resolving', () => {
    expect(
      paths(
        request({
          actions: [
            { action: 'set_priority', priority: 'high' },
            { action: 'set_priority', priority: 'low' },
            { action: 'add_tag', tag: 'vip' },
            { action: 'add_tag', tag: 'vip' },
            { action: 'remove_tag', tag: 'vip' },
          ],
        }),
      ).sort(),
    ).toEqual(['actions.1.action', 'actions.3.tag', 'actions.4.tag']);
    expect(paths(request({ actions: [{ action: 'resolve' }, { action: 'request_info' }] }))).toEqual([
      'actions',
    ]);
  });
});

describe('macro use cases', () => {
  it('creates a macro as version 1 and replaces it as version 2', async () => {
    const macros = new InMemoryMacroRepository();
    const put = makePutMacro({ macros, clock });

    const created = await put('refund-sent', putMacroRequestSchema().parse(request()));
    const replaced = await put(
      'refund-sent',
      putMacroRequestSchema().parse(request({ title: 'Refund sent' })),
    );

    expect(created).toMatchObject({ id: 'refund-sent', version: 1, updatedAt: '2026-12-03T10:00:00.000Z' });
    expect(replaced).toMatchObject({ title: 'Refund sent', version: 2 });
    expect(await makeGetMacro({ macros })('refund-sent')).toEqual(replaced);
  });

  it('answers 422 MACRO_TEMPLATE_INVALID naming each body at save time, and stores nothing', async () => {
    const macros = new InMemoryMacroRepository();
    const put = makePutMacro({ macros, clock });
    const bad = putMacroRequestSchema().parse(
      request({ body: { en: 'Hi {{customer.first_name}}', 'zh-CN': '您好 {{customer.name' } }),
    );

    const refusal = await put('bad', bad).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(BusinessRuleError);
    expect(refusal).toMatchObject({
      code: 'MACRO_TEMPLATE_INVALID',
      errors: [
        { path: 'body.en', message: expect.stringContaining('Unknown variable {{customer.first_name}}') },
        { path: 'body.zh-CN', message: expect.stringContaining('never closed') },
      ],
    });
    expect(await macros.list()).toEqual([]);
  });

  it('stores tag actions: add_tag and remove_tag are applied with the message', async () => {
    const macros = new InMemoryMacroRepository();
    const put = makePutMacro({ macros, clock });

    const stored = await put(
      'tagged',
      putMacroRequestSchema().parse(
        request({
          actions: [
            { action: 'add_tag', tag: 'vip' },
            { action: 'remove_tag', tag: 'needs-triage' },
          ],
        }),
      ),
    );

    expect(stored.actions).toEqual([
      { action: 'add_tag', tag: 'vip' },
      { action: 'remove_tag', tag: 'needs-triage' },
    ]);
  });

  it('refuses a replace against a stale version', async () => {
    const macros = new InMemoryMacroRepository();
    const put = makePutMacro({ macros, clock });
    await put('m', putMacroRequestSchema().parse(request()));
    await put('m', putMacroRequestSchema().parse(request()));

    await expect(put('m', putMacroRequestSchema().parse(request({ version: 1 })))).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
  });

  it('lists macros by title, deletes one, and answers 404 for one that is gone', async () => {
    const macros = new InMemoryMacroRepository();
    const put = makePutMacro({ macros, clock });
    await put('b', putMacroRequestSchema().parse(request({ title: 'Zebra' })));
    await put('a', putMacroRequestSchema().parse(request({ title: 'Apple' })));

    expect((await makeListMacros({ macros })()).items.map((macro) => macro.title)).toEqual([
      'Apple',
      'Zebra',
    ]);
    await makeDeleteMacro({ macros })('a');
    await expect(makeGetMacro({ macros })('a')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(makeDeleteMacro({ macros })('a')).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
