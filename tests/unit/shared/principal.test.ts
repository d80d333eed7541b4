import { describe, expect, it } from 'vitest';
import { isStaff, parseGroups, principalFromClaims } from '../../../functions/shared/principal.js';

describe('parseGroups', () => {
  it("reads API Gateway's bracketed, space-separated string", () => {
    expect(parseGroups('[agents admins]')).toEqual(['agents', 'admins']);
    expect(parseGroups('[customers]')).toEqual(['customers']);
  });

  it('reads a real array and drops what is not a string', () => {
    expect(parseGroups(['agents', 7, null, 'supervisors'])).toEqual(['agents', 'supervisors']);
  });

  it('reads comma lists, with or without spaces and quotes', () => {
    expect(parseGroups('agents,admins')).toEqual(['agents', 'admins']);
    expect(parseGroups('agents, admins')).toEqual(['agents', 'admins']);
    expect(parseGroups('["agents","admins"]')).toEqual(['agents', 'admins']);
  });

  it('reads nothing from an empty or missing claim', () => {
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups('')).toEqual([]);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups(42)).toEqual([]);
  });
});

describe('principalFromClaims', () => {
  it('maps known groups to roles and ignores the rest', () => {
    // Act
    const principal = principalFromClaims({
      sub: 'a-1',
      'cognito:groups': '[agents supervisors wizards]',
      email: 'bo@example.com',
      email_verified: 'true',
      locale: 'zh-CN',
    });

    // Assess
    expect(principal).toEqual({
      id: 'a-1',
      roles: new Set(['agent', 'supervisor']),
      email: 'bo@example.com',
      locale: 'zh-CN',
    });
    expect(isStaff(principal!)).toBe(true);
  });

  it('takes the address only when the token says it is verified', () => {
    expect(principalFromClaims({ sub: 'c-1', email: 'c@example.com', email_verified: true })?.email).toBe(
      'c@example.com',
    );
    expect(principalFromClaims({ sub: 'c-1', email: 'c@example.com', email_verified: 'false' })?.email).toBe(
      undefined,
    );
    expect(principalFromClaims({ sub: 'c-1', email: 'c@example.com' })?.email).toBe(undefined);
  });

  it('knows no caller without a subject', () => {
    expect(principalFromClaims(undefined)).toBeUndefined();
    expect(principalFromClaims({ 'cognito:groups': '[admins]' })).toBeUndefined();
    expect(principalFromClaims({ sub: '' })).toBeUndefined();
  });

  it('gives a token without groups no role at all', () => {
    // Act
    const principal = principalFromClaims({ sub: 'c-1' });

    // Assess
    expect(principal?.roles.size).toBe(0);
    expect(isStaff(principal!)).toBe(false);
  });
});
