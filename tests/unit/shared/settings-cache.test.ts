import { describe, expect, it } from 'vitest';
import {
  CachedSetting,
  forgetSettingVersions,
  inSettingsRequest,
  type SettingVersions,
  versionsOncePerRequest,
} from '../../../functions/shared/settings-cache.js';

/** A version item in memory that counts its reads. */
function fakeVersions(initial: SettingVersions = {}) {
  const state = { versions: { ...initial } as Record<string, number>, reads: 0 };
  return {
    state,
    source: {
      read: () =>
        versionsOncePerRequest('table', async () => {
          state.reads += 1;
          return { ...state.versions };
        }),
    },
    bump: (name: string) => {
      state.versions[name] = (state.versions[name] ?? 0) + 1;
    },
  };
}

/** A stored configuration that counts its loads. */
function fakeStore<T>(value: T) {
  const state = { value, loads: 0 };
  return {
    state,
    load: async () => {
      state.loads += 1;
      return state.value;
    },
  };
}

describe('CachedSetting', () => {
  it('loads once and hands out the same copy while the counter stands', async () => {
    const versions = fakeVersions();
    const store = fakeStore({ rules: ['a'] });
    const setting = new CachedSetting(versions.source, 'routingRules', store.load);

    const first = await setting.current();
    const second = await setting.current();

    expect(second).toBe(first);
    expect(store.state.loads).toBe(1);
    expect(versions.state.reads).toBe(2);
  });

  it('loads again on the first read after its counter moved, and only its own', async () => {
    const versions = fakeVersions({ routingRules: 4, classifier: 1 });
    const rules = fakeStore('rules v1');
    const classifier = fakeStore('classifier v1');
    const routing = new CachedSetting(versions.source, 'routingRules', rules.load);
    const classifying = new CachedSetting(versions.source, 'classifier', classifier.load);
    await routing.current();
    await classifying.current();

    rules.state.value = 'rules v2';
    versions.bump('routingRules');

    expect(await routing.current()).toBe('rules v2');
    expect(await classifying.current()).toBe('classifier v1');
    expect(rules.state.loads).toBe(2);
    expect(classifier.state.loads).toBe(1);
  });

  it('shares one load between concurrent readers', async () => {
    const versions = fakeVersions();
    const store = fakeStore(1);
    const setting = new CachedSetting(versions.source, 'slaPolicies', store.load);

    await Promise.all([setting.current(), setting.current(), setting.current()]);

    expect(store.state.loads).toBe(1);
  });

  it('does not keep a failed load: the next read loads again', async () => {
    const versions = fakeVersions();
    let fail = true;
    let loads = 0;
    const setting = new CachedSetting(versions.source, 'afterSalesPolicy', async () => {
      loads += 1;
      if (fail) throw new Error('throttled');
      return 'policy';
    });

    await expect(setting.current()).rejects.toThrow('throttled');
    fail = false;

    expect(await setting.current()).toBe('policy');
    expect(loads).toBe(2);
  });
});

describe('inSettingsRequest', () => {
  it('reads the version item once for every configuration a request reads', async () => {
    const versions = fakeVersions();
    const settings = (['slaPolicies', 'afterSalesPolicy', 'classifier', 'routingRules'] as const).map(
      (name) => new CachedSetting(versions.source, name, fakeStore(name).load),
    );

    await inSettingsRequest(async () => {
      await Promise.all(settings.map((setting) => setting.current()));
      await settings[3]?.current();
    });

    expect(versions.state.reads).toBe(1);
  });

  it('reads it again in the next request, which sees a change made in between', async () => {
    const versions = fakeVersions();
    const store = fakeStore('v1');
    const setting = new CachedSetting(versions.source, 'afterSalesPolicy', store.load);
    await inSettingsRequest(() => setting.current());

    store.state.value = 'v2';
    versions.bump('afterSalesPolicy');
    const next = await inSettingsRequest(() => setting.current());

    expect(next).toBe('v2');
    expect(versions.state.reads).toBe(2);
  });

  it('keeps concurrent requests apart: each reads the version item itself', async () => {
    const versions = fakeVersions();
    const setting = new CachedSetting(versions.source, 'classifier', fakeStore('c').load);

    await Promise.all([
      inSettingsRequest(() => setting.current()),
      inSettingsRequest(() => setting.current()),
    ]);

    expect(versions.state.reads).toBe(2);
  });

  it('reads again after a write inside the request (forgetSettingVersions)', async () => {
    const versions = fakeVersions();
    const store = fakeStore('before');
    const setting = new CachedSetting(versions.source, 'routingRules', store.load);

    const seen = await inSettingsRequest(async () => {
      await setting.current();
      store.state.value = 'after';
      versions.bump('routingRules');
      forgetSettingVersions();
      return setting.current();
    });

    expect(seen).toBe('after');
  });

  it('does not keep a failed version read within the request', async () => {
    let reads = 0;
    const source = {
      read: () =>
        versionsOncePerRequest('table', async () => {
          reads += 1;
          if (reads === 1) throw new Error('timeout');
          return {};
        }),
    };
    const setting = new CachedSetting(source, 'classifier', fakeStore('c').load);

    const seen = await inSettingsRequest(async () => {
      await expect(setting.current()).rejects.toThrow('timeout');
      return setting.current();
    });

    expect(seen).toBe('c');
    expect(reads).toBe(2);
  });
});
