import type { WebClient } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { cleanText } from '../shared/input.ts';
import { mapPool } from '../shared/pool.ts';
import { isValidZone } from '../shared/time.ts';
import type { PeopleRefusal } from './people.models.ts';
import type { WorkspacesRepository } from './workspaces.repository.ts';
import type { SlackUser } from './workspaces.schema.ts';

/** Profiles older than this are fetched again (time zones change when people travel). */
export const profileMaxAgeMs = 24 * 3600_000;
/** Most `users.info` calls one request has in flight. */
export const lookupConcurrency = 4;
/** How long a profile whose refresh failed waits before the next try. */
export const refreshRetryMs = 15 * 60_000;

type SlackUserInfo = {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  team_id?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  /** A Slack Connect user we see through a shared channel. */
  is_stranger?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { display_name?: string; real_name?: string };
};

/**
 * Admin rights here belong to admins and owners *of this workspace*: Slack marks a Slack
 * Connect user who is an admin of their own organisation `is_admin` too, and a guest is
 * never one. A profile that does not say which workspace it belongs to holds no rights.
 */
export function holdsAdminRights(workspaceId: string, u: SlackUserInfo): boolean {
  if (!(u.is_admin === true || u.is_owner === true)) return false;
  if (u.team_id !== workspaceId) return false;
  return !(u.is_stranger || u.is_restricted || u.is_ultra_restricted);
}

/** A profile field as text we can store and show: a string, cleaned of control bytes, bounded. */
const profileText = (value: unknown, max = 200): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const text = cleanText(value).replace(/\s+/g, ' ').trim().slice(0, max);
  return text || undefined;
};

/**
 * Our copy of a Slack profile. Whatever Slack (or someone replaying to us) sends, what is
 * stored is well-formed: a name without control bytes, a zone only when it is a real IANA one.
 */
export function toSlackUser(workspaceId: string, u: SlackUserInfo, now: Date): SlackUser {
  const userId = profileText(u.id, 64) ?? String(u.id);
  const zone = typeof u.tz === 'string' && isValidZone(u.tz) ? u.tz : null;
  return {
    workspaceId,
    userId,
    name: profileText(u.real_name) ?? profileText(u.profile?.real_name) ?? profileText(u.profile?.display_name) ?? profileText(u.name) ?? userId,
    tz: zone,
    isAdmin: holdsAdminRights(workspaceId, u),
    isBot: u.is_bot === true || userId === 'USLACKBOT',
    deleted: u.deleted === true,
    refreshedAt: now,
  };
}

/** Slack profiles (name, zone, admin flag), cached in the database and refreshed daily. */
export function createUsersService(deps: {
  workspaces: WorkspacesRepository;
  /** The client, or the client of each workspace (its own token when Coordinator is installed in several). */
  web: WebClient | ((workspaceId: string) => Promise<WebClient>);
  clock: Clock;
  logger: Logger;
}) {
  const { workspaces, web, clock } = deps;
  const log = deps.logger.child('users');

  async function fetch(workspaceId: string, userId: string): Promise<SlackUser | undefined> {
    try {
      const client = typeof web === 'function' ? await web(workspaceId) : web;
      const res = await client.users.info({ user: userId });
      const user = toSlackUser(workspaceId, res.user as SlackUserInfo, clock.now());
      await workspaces.ensureWorkspace(workspaceId);
      await workspaces.upsertUser(user);
      return user;
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code === 'user_not_found') return undefined;
      throw err;
    }
  }

  /** `cached`, given the stored copy already read (by another query): Slack is asked only when it is missing or stale. */
  async function cachedFrom<R extends Pick<SlackUser, 'refreshedAt'>>(workspaceId: string, userId: string, stored: R | null | undefined): Promise<R | SlackUser | undefined> {
    const row = stored ?? undefined;
    if (row && clock.now().getTime() - row.refreshedAt.getTime() < profileMaxAgeMs) return row;
    try {
      return (await fetch(workspaceId, userId)) ?? row;
    } catch (err) {
      log.warn({ err, userId }, 'users.info failed; using the cached profile');
      return row;
    }
  }

  return {
    fetch,

    /** A profile Slack sent us (a user_change event), stored as the workspace's copy. */
    async profileChanged(workspaceId: string, user: SlackUserInfo): Promise<void> {
      await workspaces.ensureWorkspace(workspaceId);
      await workspaces.upsertUser(toSlackUser(workspaceId, user, clock.now()));
    },

    /** True the first time an Events API event id is seen (Slack retries an event it thinks we missed). */
    firstEvent: (eventId: string) => workspaces.firstDelivery(eventId, clock.now()),

    /** From the cache when fresh enough; from Slack otherwise (falling back to a stale copy if Slack is down). */
    async cached(workspaceId: string, userId: string): Promise<SlackUser | undefined> {
      return cachedFrom(workspaceId, userId, await workspaces.findUser(workspaceId, userId));
    },

    cachedFrom,

    /** Checks that each id is a real, active person in this workspace (refused, as data, otherwise); stores their profile. */
    async requirePeople(workspaceId: string, userIds: string[]): Promise<SlackUser[]> {
      await workspaces.ensureWorkspace(workspaceId);
      const found: SlackUser[] = [];
      const bad: PeopleRefusal['people'] = [];
      // A few at a time: a setup with a dozen new people is still answered within Slack's 3 s,
      // and a list of hundreds never fires hundreds of users.info at once.
      const profiles = await mapPool([...new Set(userIds)], lookupConcurrency, async (id) => {
        const cachedRow = await workspaces.findUser(workspaceId, id);
        const fresh = cachedRow && clock.now().getTime() - cachedRow.refreshedAt.getTime() < profileMaxAgeMs;
        return { id, u: fresh ? cachedRow : await fetch(workspaceId, id) };
      });
      for (const { id, u } of profiles) {
        if (!u || u.deleted) bad.push({ userId: id, problem: 'not-in-workspace' });
        else if (u.isBot) bad.push({ userId: id, problem: 'bot' });
        else found.push(u);
      }
      if (bad.length) {
        const r: PeopleRefusal = { code: 'people.invalid', people: bad };
        throw refused(r, `${bad.length} of the people named cannot take part (not in this workspace, or a bot)`);
      }
      return found;
    },

    /**
     * Refreshes some stale profiles per pass, so zones stay current without bursts of
     * users.info: `limit` a minute (default 40) is 57,600 people a day per process, under
     * users.info's ~100 a minute per workspace for one or two replicas; with more, a pass
     * that is rate limited stops. Claimed rows are marked so that a failed refresh is
     * retried about 15 minutes later, and replicas never ask about the same person.
     */
    async refreshStale(now: Date, limit = 40, concurrency = 4): Promise<number> {
      const retryMark = new Date(now.getTime() - profileMaxAgeMs + refreshRetryMs);
      const claimed = await workspaces.claimStale(new Date(now.getTime() - profileMaxAgeMs), limit, retryMark);
      let n = 0;
      // Per workspace: one workspace rate limited, down or uninstalled never stops another's refreshes.
      const failed = new Set<string>();
      const queue = [...claimed];
      const worker = async () => {
        for (let u = queue.shift(); u; u = queue.shift()) {
          if (failed.has(u.workspaceId)) continue;
          try {
            const fresh = await fetch(u.workspaceId, u.userId);
            if (!fresh) await workspaces.upsertUser({ ...u, deleted: true, refreshedAt: now });
            n++;
          } catch (err) {
            // Rate-limited or Slack down: leave the rest of this workspace for a later pass.
            failed.add(u.workspaceId);
            if ((err as { notServed?: boolean }).notServed) log.debug({ workspaceId: u.workspaceId }, 'profiles of a workspace no longer served are not refreshed');
            else log.warn({ err, userId: u.userId }, 'profile refresh failed; will retry');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
      return n;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
