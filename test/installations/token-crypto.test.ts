import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptToken, encryptToken, keyIdOfCiphertext, needsReseal, parseKey, parseKeyring, TokenDecryptionError } from '../../src/installations/token-crypto.models.ts';
import { judgeInstallation, needsRefresh, purgeAfter, refreshFailureIsFatal } from '../../src/installations/installations.models.ts';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const ringOf = (current: string, previous?: string) => {
  const r = parseKeyring(current, previous);
  if (!r.ok) throw new Error(r.problem);
  return r.keyring;
};

describe('token encryption (AES-256-GCM, key id in each value)', () => {
  it('round-trips, and the value names its key and holds no trace of the token', () => {
    const ring = ringOf(keyA);
    const sealed = encryptToken(ring, 'xoxb-123-secret', 'installation:T1:bot_token');
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('xoxb');
    expect(keyIdOfCiphertext(sealed)).toBe(ring.current.id);
    expect(decryptToken(ring, sealed, 'installation:T1:bot_token')).toBe('xoxb-123-secret');
  });

  it('uses a fresh IV each time: the same token never seals to the same text', () => {
    const ring = ringOf(keyA);
    expect(encryptToken(ring, 'xoxb-1', 'c')).not.toBe(encryptToken(ring, 'xoxb-1', 'c'));
  });

  it('does not open a value moved to another installation or field (associated data)', () => {
    const ring = ringOf(keyA);
    const sealed = encryptToken(ring, 'xoxb-A', 'installation:TA:bot_token');
    expect(() => decryptToken(ring, sealed, 'installation:TB:bot_token')).toThrow(TokenDecryptionError);
    expect(() => decryptToken(ring, sealed, 'installation:TA:bot_refresh_token')).toThrow(TokenDecryptionError);
  });

  it('rejects a tampered value', () => {
    const ring = ringOf(keyA);
    const parts = encryptToken(ring, 'xoxb-A', 'c').split(':');
    const ct = Buffer.from(parts[4]!, 'base64');
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString('base64');
    expect(() => decryptToken(ring, parts.join(':'), 'c')).toThrow(/does not open/);
  });

  it('rotation: the new key seals, the previous one still opens, until re-sealed', () => {
    const old = ringOf(keyA);
    const sealedOld = encryptToken(old, 'xoxb-old', 'c');
    const rotated = ringOf(keyB, keyA);
    expect(decryptToken(rotated, sealedOld, 'c')).toBe('xoxb-old');
    expect(needsReseal(rotated, sealedOld)).toBe(true);
    const resealed = encryptToken(rotated, decryptToken(rotated, sealedOld, 'c'), 'c');
    expect(needsReseal(rotated, resealed)).toBe(false);
    // Once the old key is dropped, only re-sealed values open.
    const newOnly = ringOf(keyB);
    expect(decryptToken(newOnly, resealed, 'c')).toBe('xoxb-old');
    expect(() => decryptToken(newOnly, sealedOld, 'c')).toThrow(/neither COORDINATOR_ENCRYPTION_KEY nor a previous key/);
  });

  it.each([
    ['too short', Buffer.alloc(16).toString('base64'), /32 bytes/],
    ['not base64', 'this is not a key!', /base64/],
    ['empty', '', /base64/],
  ])('refuses a key that is %s, without echoing it', (_n, text, problem) => {
    const r = parseKey(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toMatch(problem);
      if (text) expect(r.problem).not.toContain(text);
    }
  });

  it('names a bad previous key as such', () => {
    const r = parseKeyring(keyA, `${keyB},nope`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/^previous key 2:/);
  });
});

describe('installation rules', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it.each([
    ['no refresh token', { botRefreshToken: undefined, botTokenExpiresAt: new Date('2026-12-01T12:30:00Z') }, false],
    ['expires in 12 h', { botRefreshToken: 'xoxe-1', botTokenExpiresAt: new Date('2026-12-02T00:00:00Z') }, false],
    ['expires in 2 h exactly', { botRefreshToken: 'xoxe-1', botTokenExpiresAt: new Date('2026-12-01T14:00:00Z') }, true],
    ['already expired', { botRefreshToken: 'xoxe-1', botTokenExpiresAt: new Date('2026-12-01T11:00:00Z') }, true],
  ])('refresh when %s: %s', (_n, i, expected) => {
    expect(needsRefresh(i, now)).toBe(expected);
  });

  it('purges after the grace period', () => {
    expect(purgeAfter(now, 30).toISOString()).toBe('2026-12-31T12:00:00.000Z');
  });

  it('knows which refresh failures are final', () => {
    expect(refreshFailureIsFatal('invalid_grant')).toBe(true);
    expect(refreshFailureIsFatal('ratelimited')).toBe(false);
    expect(refreshFailureIsFatal(undefined)).toBe(false);
  });

  it('refuses org-wide installs and installs without a bot', () => {
    expect(judgeInstallation({ isEnterpriseInstall: true, teamId: undefined, botToken: 'x', botUserId: 'U' })).toEqual({ ok: false, reason: 'enterprise' });
    expect(judgeInstallation({ teamId: 'T1', botToken: undefined, botUserId: 'U' })).toEqual({ ok: false, reason: 'no_bot' });
    expect(judgeInstallation({ teamId: 'T1', botToken: 'xoxb-1', botUserId: 'U' })).toEqual({ ok: true });
  });
});
