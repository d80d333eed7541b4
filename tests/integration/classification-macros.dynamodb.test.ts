import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbClassifierRepository } from '../../functions/classification/adapters/classifier-repository.dynamodb.js';
import { classify } from '../../functions/classification/domain/classifier.js';
import { defaultClassifierConfig } from '../../functions/classification/domain/default-config.js';
import { DynamoDbMacroRepository } from '../../functions/macros/adapters/macro-repository.dynamodb.js';
import type { Macro } from '../../functions/macros/domain/macro.js';
import { ConflictError, NotFoundError } from '../../functions/shared/errors.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;

beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => table?.stop());

describe('DynamoDbClassifierRepository', () => {
  it('reads the defaults until a config is saved, then the saved one, versioned', async () => {
    const repository = new DynamoDbClassifierRepository(table.documentClient, table.tableName);
    expect(await repository.current()).toBe(defaultClassifierConfig);

    const labels = [
      { label: 'logistics', threshold: 1, suggestsType: null, terms: [{ term: '快递', weight: 1 }] },
    ];
    const saved = await repository.save({ labels, hints: [] }, 0, '2026-12-03T10:00:00.000Z');
    const read = await repository.current();

    expect(saved).toMatchObject({ version: 1, updatedAt: '2026-12-03T10:00:00.000Z' });
    expect(read).toEqual({ labels, hints: [], version: 1, updatedAt: '2026-12-03T10:00:00.000Z' });
    expect(classify({ description: '快递三天没动' }, read).labels).toEqual([
      { label: 'logistics', score: 1, terms: ['快递'] },
    ]);
  });

  it('hands out the same config object while the stored version is unchanged, so it compiles once', async () => {
    const repository = new DynamoDbClassifierRepository(table.documentClient, table.tableName);
    const first = await repository.current();

    expect(await repository.current()).toBe(first);
    await repository.save(
      { labels: first.labels, hints: first.hints },
      first.version,
      '2026-12-03T11:00:00.000Z',
    );
    expect(await repository.current()).not.toBe(first);
  });

  it('refuses a save against a stale version and keeps the stored config', async () => {
    const repository = new DynamoDbClassifierRepository(table.documentClient, table.tableName);
    const current = await repository.current();

    await expect(
      repository.save({ labels: [], hints: [] }, current.version - 1, '2026-12-03T12:00:00.000Z'),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repository.current()).version).toBe(current.version);
  });
});

describe('DynamoDbMacroRepository', () => {
  const macro = (id: string, title: string): Omit<Macro, 'version' | 'updatedAt'> => ({
    id,
    title,
    body: { en: 'Hi {{customer.name}}', 'zh-CN': '{{customer.name}}您好' },
    actions: [
      { action: 'set_priority', priority: 'high' },
      { action: 'add_tag', tag: 'vip' },
    ],
    labels: ['vip_mention'],
  });

  it('creates, reads, replaces and lists macros', async () => {
    const macros = new DynamoDbMacroRepository(table.documentClient, table.tableName);
    await macros.save(macro('greet', 'Greeting'), 0, '2026-12-03T10:00:00.000Z');
    await macros.save(macro('legal', 'Legal'), 0, '2026-12-03T10:00:00.000Z');
    const replaced = await macros.save(macro('greet', 'VIP greeting'), 1, '2026-12-03T10:05:00.000Z');

    expect(replaced).toMatchObject({ version: 2, title: 'VIP greeting' });
    expect(await macros.get('greet')).toEqual({
      ...macro('greet', 'VIP greeting'),
      version: 2,
      updatedAt: '2026-12-03T10:05:00.000Z',
    });
    expect(await macros.get('missing')).toBeNull();
    expect((await macros.list()).map((item) => [item.id, item.version])).toEqual([
      ['greet', 2],
      ['legal', 1],
    ]);
  });

  it('refuses to create over an existing macro or to replace a stale version', async () => {
    const macros = new DynamoDbMacroRepository(table.documentClient, table.tableName);
    await macros.save(macro('twice', 'Twice'), 0, '2026-12-03T10:00:00.000Z');

    await expect(macros.save(macro('twice', 'Again'), 0, '2026-12-03T10:01:00.000Z')).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    await expect(macros.save(macro('twice', 'Again'), 5, '2026-12-03T10:01:00.000Z')).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await macros.get('twice'))?.title).toBe('Twice');
  });

  it('deletes a macro, at a version when one is given; a missing one is not found', async () => {
    const macros = new DynamoDbMacroRepository(table.documentClient, table.tableName);
    await macros.save(macro('gone', 'Gone'), 0, '2026-12-03T10:00:00.000Z');

    await expect(macros.delete('gone', 7)).rejects.toMatchObject({ code: 'STALE_VERSION' });
    await macros.delete('gone', 1);
    expect(await macros.get('gone')).toBeNull();
    await expect(macros.delete('gone')).rejects.toBeInstanceOf(NotFoundError);
  });
});
