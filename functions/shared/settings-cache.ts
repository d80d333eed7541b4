import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The admin-edited configurations read on the request path. Each has a counter on one small
 * version item (`SETTINGS` / `VERSIONS`), bumped in the transaction of every write of it
 * (`putVersioned`), so a cached copy is known to be current by reading that one item.
 */
export type SettingName = 'slaPolicies' | 'afterSalesPolicy' | 'classifier' | 'routingRules';

/** The counters of the version item; a configuration never written since counts 0. */
export type SettingVersions = Readonly<Partial<Record<SettingName, number>>>;

export const settingVersionsKey = { PK: 'SETTINGS', SK: 'VERSIONS' } as const;

/** Port: the current counters of the version item. */
export interface SettingVersionSource {
  read(): Promise<SettingVersions>;
}

/** Per request: the version item's read, by table, shared by every configuration the request reads. */
const requests = new AsyncLocalStorage<Map<string, Promise<SettingVersions>>>();

/**
 * Runs one unit of work (an HTTP request, a queue message) in which the version item is read at
 * most once: it starts after the work does, so a write that finished before sees it.
 */
export function inSettingsRequest<T>(work: () => Promise<T>): Promise<T> {
  return requests.run(new Map(), work);
}

/** A write of a configuration inside the request: its later reads look at the version item again. */
export function forgetSettingVersions(): void {
  requests.getStore()?.clear();
}

/**
 * The version item's counters through `read`, read at most once per request for `key` (the
 * table): every configuration a request reads shares that one read. Outside a request every call
 * reads. A failed read is not kept: the next configuration read of the request tries again.
 */
export function versionsOncePerRequest(
  key: string,
  read: () => Promise<SettingVersions>,
): Promise<SettingVersions> {
  const request = requests.getStore();
  const known = request?.get(key);
  if (known) return known;
  const reading = read();
  if (request) {
    request.set(key, reading);
    reading.catch(() => {
      if (request.get(key) === reading) request.delete(key);
    });
  }
  return reading;
}

/**
 * One configuration, cached per container: `load` runs again only when the version item's
 * counter for `name` differs from the one the cached copy was loaded under. `load` starts after
 * the counter was read and reads consistently, so the copy is never older than its counter.
 */
export class CachedSetting<T> {
  private cached: { readonly version: number; readonly value: Promise<T> } | undefined;

  constructor(
    private readonly versions: SettingVersionSource,
    private readonly name: SettingName,
    private readonly load: () => Promise<T>,
  ) {}

  async current(): Promise<T> {
    const version = (await this.versions.read())[this.name] ?? 0;
    if (this.cached?.version === version) return this.cached.value;
    const value = this.load();
    const entry = { version, value };
    this.cached = entry;
    // A failed load is not cached: the next read loads again.
    value.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return value;
  }
}
