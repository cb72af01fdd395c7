import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatConfigProblems, loadConfig } from '../../src/config/config.ts';

const key = randomBytes(32).toString('base64');
const oauth = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: 'shh' };

describe('distributed mode configuration', () => {
  it('is chosen by the three OAuth variables, with the key and a 30-day grace by default', () => {
    const r = loadConfig({ ...oauth, COORDINATOR_ENCRYPTION_KEY: key });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.slack.botToken).toBeUndefined();
    expect(r.config.distributed).toMatchObject({ clientId: '1111.2222', clientSecret: 'cs', uninstallGraceDays: 30, redirectUri: undefined });
    expect(r.config.distributed!.keyring.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(r.config.distributed!.keyring.previous).toEqual([]);
  });

  it('leaves single-workspace mode exactly as it was', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh' });
    expect(r.ok && r.config.distributed).toBeUndefined();
  });

  it.each([
    ['no key', { ...oauth }, /^COORDINATOR_ENCRYPTION_KEY: missing — .*openssl rand -base64 32/],
    ['a short key', { ...oauth, COORDINATOR_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /^COORDINATOR_ENCRYPTION_KEY: expected 32 bytes in base64 \(got 16\)/],
    ['a key that is not base64', { ...oauth, COORDINATOR_ENCRYPTION_KEY: 'correct horse battery staple' }, /^COORDINATOR_ENCRYPTION_KEY: expected 32 random bytes in base64/],
    ['a bad previous key', { ...oauth, COORDINATOR_ENCRYPTION_KEY: key, COORDINATOR_ENCRYPTION_KEY_PREVIOUS: 'nope' }, /^COORDINATOR_ENCRYPTION_KEY_PREVIOUS: previous key 1:/],
    ['only one OAuth variable', { SLACK_CLIENT_ID: '1', SLACK_SIGNING_SECRET: 'shh', COORDINATOR_ENCRYPTION_KEY: key }, /^SLACK_CLIENT_SECRET: missing — OAuth install needs/],
    ['a bot token as well', { ...oauth, COORDINATOR_ENCRYPTION_KEY: key, SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN \(one workspace\) or the OAuth variables/],
    ['a grace period of -1 days', { ...oauth, COORDINATOR_ENCRYPTION_KEY: key, UNINSTALL_GRACE_DAYS: '-1' }, /^UNINSTALL_GRACE_DAYS: expected days between 0 and 3650/],
  ])('%s is one clear line naming the variable, never the key', (_name, env, line) => {
    const r = loadConfig(env as Record<string, string>);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.some((p) => line.test(p))).toBe(true);
    const text = formatConfigProblems(r.problems);
    const given = (env as Record<string, string>).COORDINATOR_ENCRYPTION_KEY;
    if (given) expect(text).not.toContain(given);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('reads previous keys for rotation, and the grace period', () => {
    const old = randomBytes(32).toString('base64');
    const r = loadConfig({ ...oauth, COORDINATOR_ENCRYPTION_KEY: key, COORDINATOR_ENCRYPTION_KEY_PREVIOUS: old, UNINSTALL_GRACE_DAYS: '7' });
    expect(r.ok && r.config.distributed!.keyring.previous).toHaveLength(1);
    expect(r.ok && r.config.distributed!.uninstallGraceDays).toBe(7);
  });
});
