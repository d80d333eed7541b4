import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pickLocale, translator } from '../../../web/src/i18n.js';
import { rolesOfToken } from '../../../web/src/session.js';
import { generateApiTypes, schemaFile } from '../../../web/tools/api-types.js';
import { contentSecurityPolicy } from '../../../web/tools/security-headers.js';

const source = readFileSync(new URL('../../../web/src/i18n.ts', import.meta.url), 'utf8');

describe('console words', () => {
  it('picks Chinese for any Chinese browser language and English otherwise', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
  });

  it('fills the placeholders of a message in either language', () => {
    expect(translator('en')('app.signedInAs', { name: 'Ann' })).toBe('Signed in as Ann');
    expect(translator('zh-CN')('app.signedInAs', { name: 'Ann' })).toBe('当前用户：Ann');
  });

  it('names the same placeholders in the Chinese words as in the English ones', () => {
    const t = { en: translator('en'), zh: translator('zh-CN') };
    const keys = [...source.matchAll(/^ {2}'([a-zA-Z_.0-9]+)':/gm)].map((match) => match[1] as string);
    expect(keys.length).toBeGreaterThan(200);
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of new Set(keys)) {
      expect(names(t.zh(key as never)), key).toEqual(names(t.en(key as never)));
    }
  });
});

describe('console session', () => {
  it('reads the roles from the token groups', () => {
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', 'cognito:groups': ['agents', 'admins', 'other'] }),
    ).toString('base64url');
    expect(rolesOfToken(`e30.${payload}.sig`)).toEqual(['agent', 'admin']);
    expect(rolesOfToken('not-a-token')).toEqual([]);
  });
});

describe('console contract', () => {
  it('keeps web/src/api/schema.d.ts as the OpenAPI document generates it (npm run build:web rewrites it)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await generateApiTypes());
  });

  it('allows scripts and styles only from the console itself', () => {
    const csp = contentSecurityPolicy(['https://api.example.com']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self' https://api.example.com;");
    expect(csp).not.toContain('unsafe');
  });
});
