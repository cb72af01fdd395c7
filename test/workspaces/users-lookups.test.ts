import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createUsersService, lookupConcurrency, toSlackUser } from '../../src/workspaces/users.service.ts';
import type { WorkspacesRepository } from '../../src/workspaces/workspaces.repository.ts';
import type { SlackUser } from '../../src/workspaces/workspaces.schema.ts';

/** Amplification: one command naming many unknown people must not fire that many users.info at once. */
describe('users.requirePeople', () => {
  function setup() {
    const stored = new Map<string, SlackUser>();
    const workspaces = {
      ensureWorkspace: async () => {},
      upsertUser: async (u: SlackUser) => void stored.set(u.userId, u),
      findUser: async (_w: string, id: string) => stored.get(id),
    } as unknown as WorkspacesRepository;
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const web = {
      users: {
        info: async ({ user }: { user: string }) => {
          asked.push(user);
          inFlight++;
          most = Math.max(most, inFlight);
          // A few turns of the event loop: every call the service allows is in flight together.
          for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
          inFlight--;
          return { ok: true, user: { id: user, name: user.toLowerCase(), tz: 'UTC' } };
        },
      },
    } as unknown as WebClient;
    const { logger } = createRecordingLogger('error');
    const users = createUsersService({ workspaces, web, clock: createTestClock('2026-12-01T10:00:00Z'), logger });
    return { users, asked, most: () => most };
  }

  it('asks Slack about at most four people at a time, each once', async () => {
    const { users, asked, most } = setup();
    const ids = Array.from({ length: 50 }, (_, i) => `U${String(i).padStart(3, '0')}`);
    const found = await users.requirePeople('T1', [...ids, ...ids.slice(0, 10)]);
    expect(found.map((u) => u.userId)).toEqual(ids);
    expect(asked.sort()).toEqual(ids);
    expect(lookupConcurrency).toBe(4);
    expect(most()).toBe(4);
  });
});

/** Found by the request fuzzer: a user_change naming "a\u0000b" failed to store (Postgres refuses NUL). */
describe('toSlackUser', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  it('stores a name without control bytes, a zone only when it is a real one, flags only when really true', () => {
    const u = toSlackUser('T1', { id: 'UANA', team_id: 'T1', real_name: 'a\u0000b\u0007  c', tz: 'T0002', is_admin: 'true' as never, is_bot: 'yes' as never, deleted: 1 as never }, now);
    expect(u).toEqual({ workspaceId: 'T1', userId: 'UANA', name: 'ab c', tz: null, isAdmin: false, isBot: false, deleted: false, refreshedAt: now });
  });
  it('falls back from an empty or non-text name to the next one, then to the id', () => {
    expect(toSlackUser('T1', { id: 'UBO', real_name: '\u0000', name: 'bo', tz: 'Europe/Berlin' }, now)).toMatchObject({ name: 'bo', tz: 'Europe/Berlin' });
    expect(toSlackUser('T1', { id: 'UBO', real_name: 42 as never }, now).name).toBe('UBO');
  });
});
