import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { addDays, formatDay, localDateOf, type LocalDate } from '../shared/time.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import { memberZone } from '../standups/schedule.models.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
export type { AvailabilityIndex, AvailabilityTeam, OffPeriod };
import type { UsersService } from '../workspaces/users.service.ts';
import { parseFeedUrl, redactFeedUrl } from './address.models.ts';
import { availabilityOn, indexAvailability, type Availability, type AvailabilityIndex, type AvailabilityTeam, type OffPeriod } from './availability.models.ts';
import type { AvailabilityRepository } from './availability.repository.ts';
import type { FeedFetcher } from './calendar.fetch.ts';
import { readCalendar } from './calendar.parser.ts';
import { effectiveRegion, holidaysBetween, parseHolidayRegion } from './holidays.models.ts';

/** Feeds are read at most this often each. */
export const feedRefreshMs = 60 * 60_000;
/** Feeds read in one pass: the rest wait for the next minute. */
export const feedsPerPass = 20;
/** Calendar days kept: from five weeks back (last weeks' digests and summaries) to a year ahead. */
const feedWindow = (today: LocalDate) => ({ from: addDays(today, -35), to: addDays(today, 366) });

export function createAvailabilityUseCases(deps: {
  availability: AvailabilityRepository;
  standups: StandupsRepository;
  teams: TeamsRepository;
  users: UsersService;
  deliveries: DeliveriesRepository;
  clock: Clock;
  logger: Logger;
  fetchFeed: FeedFetcher;
  /** CALENDAR_ALLOW_INSECURE: http and loopback feeds (tests, the demo). */
  allowInsecure: boolean;
  dispatcher: () => Dispatcher;
  /**
   * Called after a person's availability may have changed (their region, their team's
   * region, their calendar's days): the hook for anything that keeps next-due instants.
   */
  onChanged?: (change: { workspaceId: string; userIds: string[] | 'team'; teamId?: number }) => Promise<void>;
}) {
  const { availability, standups, clock } = deps;
  const log = deps.logger.child('availability');
  const changed = async (change: { workspaceId: string; userIds: string[] | 'team'; teamId?: number }) => {
    await deps.onChanged?.(change).catch((err) => log.warn({ err }, 'availability change hook failed'));
  };

  /** The index for some people of one workspace over [from, to]. */
  async function forPeople(workspaceId: string, userIds: string[], from: LocalDate, to: LocalDate): Promise<AvailabilityIndex> {
    const away = await standups.awayBetween([workspaceId], userIds, from, to);
    const regions = new Map([...(await availability.regionsOf(workspaceId, userIds))].map(([u, r]) => [`${workspaceId}:${u}`, r]));
    const calendar = new Map([...(await availability.daysOf(workspaceId, userIds))].map(([u, d]) => [`${workspaceId}:${u}`, d]));
    return indexAvailability({ from, to, away, regions, calendar });
  }

  /** The index for everyone over [from, to]: four queries, for the planners. */
  async function forEveryone(from: LocalDate, to: LocalDate): Promise<AvailabilityIndex> {
    const away = await standups.awayOverlapping(from, to);
    return indexAvailability({ from, to, away, regions: await availability.allRegions(), calendar: await availability.allDays() });
  }

  async function teamOf(actor: Actor, teamId: number): Promise<Team> {
    const team = await deps.teams.findById(actor.workspaceId, teamId);
    if (!team) throw userError('team.not_found', 'That team no longer exists.');
    return team;
  }

  return {
    forPeople,
    forEveryone,

    /** Is this person working on this date (in this team), and if not why. */
    async on(team: AvailabilityTeam, userId: string, date: LocalDate): Promise<Availability> {
      // Not a working day needs no reads; otherwise one round trip (this runs for every prompt sent).
      const weekend = availabilityOn(team.workingDays, { away: [], holidays: new Map(), calendar: new Set() }, date);
      if (!weekend.working) return weekend;
      const facts = await availability.factsOn(team.workspaceId, userId, date);
      return indexAvailability({
        from: date,
        to: date,
        away: facts.away ? [{ workspaceId: team.workspaceId, userId, fromDate: date, toDate: date }] : [],
        regions: facts.region ? new Map([[`${team.workspaceId}:${userId}`, facts.region]]) : new Map(),
        calendar: new Map([[`${team.workspaceId}:${userId}`, facts.days]]),
      }).on(team, userId, date);
    },

    /** Days and periods off of some members of a team in [from, to] (working days only for holidays and calendar). */
    async offPeriods(team: AvailabilityTeam, userIds: string[], from: LocalDate, to: LocalDate): Promise<OffPeriod[]> {
      return (await forPeople(team.workspaceId, userIds, from, to)).offPeriods(team, userIds, from, to);
    },

    /** `/standup holidays DE-BY`: my own region (`off`/`team` goes back to the team's). */
    async setMyRegion(actor: Actor, text: string, team: Team | undefined): Promise<string> {
      const word = text.trim().toLowerCase();
      if (['off', 'none', 'team', 'default', 'reset'].includes(word)) {
        await availability.setRegion(actor.workspaceId, actor.userId, null);
        await changed({ workspaceId: actor.workspaceId, userIds: [actor.userId] });
        return team?.holidayRegion ? `Your public holidays now follow your team's region, ${team.holidayRegion}.` : "You have no holiday region now; your team has none either, so no public holidays are counted for you. Example: `/standup holidays DE-BY`";
      }
      const r = parseHolidayRegion(text);
      if (!r.ok) throw userError('holidays.bad_region', `${r.message} Nothing was changed.`);
      await availability.setRegion(actor.workspaceId, actor.userId, r.region);
      await changed({ workspaceId: actor.workspaceId, userIds: [actor.userId] });
      const next = nextHolidays(r.region, localDateOf(clock.now(), 'UTC'), 3);
      return `:calendar: Your public holidays are now those of ${r.name} (${r.region}): no prompts or reminders on them, and you'll show as on holiday, not missing.${next.length ? ` Next: ${next.map((h) => `${h.name} (${formatDay(h.date)})`).join(', ')}.` : ''}`;
    },

    /** `/standup holidays team US` (managers; checked by the caller): the team's default region. */
    async setTeamRegion(team: Team, text: string): Promise<string> {
      const word = text.trim().toLowerCase();
      if (['off', 'none'].includes(word)) {
        await deps.teams.update(team, { holidayRegion: null });
        await changed({ workspaceId: team.workspaceId, userIds: 'team', teamId: team.id });
        return `${team.name} has no default holiday region now; members who set their own keep theirs.`;
      }
      const r = parseHolidayRegion(text);
      if (!r.ok) throw userError('holidays.bad_region', `${r.message} Nothing was changed.`);
      await deps.teams.update(team, { holidayRegion: r.region });
      await changed({ workspaceId: team.workspaceId, userIds: 'team', teamId: team.id });
      return `:calendar: ${team.name}'s default holiday region is now ${r.name} (${r.region}). Members who set their own (\`/standup holidays DE-BY\`) keep theirs.`;
    },

    /** `/standup holidays`: my region and my next public holidays. */
    async myHolidays(actor: Actor, team: Team | undefined): Promise<string> {
      const own = await availability.regionOf(actor.workspaceId, actor.userId);
      const region = effectiveRegion(own, team?.holidayRegion);
      if (!region) return 'No holiday region is set for you or your team, so no public holidays are counted. Set yours: `/standup holidays DE-BY` (or `US-CA`, `IN`); managers set the team default: `/standup holidays team US`.';
      const profile = await deps.users.cached(actor.workspaceId, actor.userId);
      const today = localDateOf(clock.now(), team ? memberZone(team, profile?.tz) : profile?.tz ?? 'UTC');
      const next = nextHolidays(region, today, 8);
      const source = own ? 'yours' : "your team's";
      const lines = next.map((h) => `• ${formatDay(h.date)} (${h.date}) — ${h.name}`);
      const feed = await availability.feedOf(actor.workspaceId, actor.userId);
      return [`*Public holidays for ${region}* (${source}; \`/standup holidays XX\` changes it)`, ...(lines.length ? lines : ['None in the next year.']), feed ? `Your calendar adds ${feed.days.filter((d) => d >= today).length} upcoming day(s) off.` : ''].filter(Boolean).join('\n');
    },

    /** `/standup calendar URL`: connects (or replaces) my feed; it is read within a minute. */
    async connectCalendar(actor: Actor, text: string): Promise<{ reply: string; key: string }> {
      const parsed = parseFeedUrl(text, { allowInsecure: deps.allowInsecure });
      if (!parsed.ok) throw userError('calendar.bad_url', `${parsed.message} Nothing was changed.`);
      // A database error message quotes its parameters, and the address is a secret: log without it.
      const feed = await availability.connectFeed(actor.workspaceId, actor.userId, parsed.url).catch((err: { code?: string }) => {
        throw new Error(`could not save a calendar feed (database error ${err.code ?? 'unknown'}; the address is withheld)`);
      });
      const row = kinds.calendarRefresh.row(actor.workspaceId, { feedId: feed.id, slot: `connect:${clock.now().getTime()}` }, clock.now());
      await deps.deliveries.enqueue([row]);
      log.info({ feedId: feed.id, host: redactFeedUrl(parsed.url) }, 'calendar feed connected');
      return {
        reply: `:calendar: Connected your calendar (${redactFeedUrl(parsed.url)}). I read it about once an hour and keep only the dates of your time off — all-day "Out of office", "Vacation", "Leave", "PTO" or "… off" events, and such events covering your working day — never titles or guests. If it can't be read, I'll tell you here once. \`/standup calendar off\` disconnects it.`,
        key: row.key,
      };
    },

    async disconnectCalendar(actor: Actor): Promise<string> {
      const had = await availability.disconnectFeed(actor.workspaceId, actor.userId);
      if (had) await changed({ workspaceId: actor.workspaceId, userIds: [actor.userId] });
      return had ? 'Disconnected your calendar; its days off are forgotten. Your `/standup away` time off and public holidays still count.' : 'You have no calendar connected. Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics`';
    },

    async calendarStatus(actor: Actor): Promise<string> {
      const feed = await availability.feedOf(actor.workspaceId, actor.userId);
      if (!feed) return 'No calendar connected. Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics` (Google: calendar settings → "Secret address in iCal format"). `/standup calendar off` disconnects it.';
      const today = localDateOf(clock.now(), 'UTC');
      const upcoming = feed.days.filter((d) => d >= today);
      const state = feed.error ? `:warning: The last read failed: ${feed.error}. The days from the last good read are kept.` : feed.okAt ? `Last read ${feed.okAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : 'Not read yet; it will be within a minute.';
      return [`*Your calendar* (${redactFeedUrl(feed.url)})`, state, upcoming.length ? `Days off from it: ${upcoming.slice(0, 20).map((d) => formatDay(d)).join(', ')}${upcoming.length > 20 ? ` and ${upcoming.length - 20} more` : ''}.` : 'No upcoming days off found in it.'].join('\n');
    },

    /** Plans a read of every feed not read for an hour, keyed by the hour: at most one read an hour each. */
    async planRefreshes(now: Date): Promise<number> {
      const due = await availability.dueFeeds(new Date(now.getTime() - feedRefreshMs), feedsPerPass);
      if (!due.length) return 0;
      const slot = now.toISOString().slice(0, 13);
      return deps.deliveries.enqueue(due.map((f) => kinds.calendarRefresh.row(f.workspaceId, { feedId: f.id, slot }, now)));
    },

    /**
     * Reads one feed: new days on success (or unchanged on 304), the last good days kept on
     * failure, and the owner told once per run of failures (a calendar-problem delivery).
     */
    async refreshFeed(feedId: number, now: Date): Promise<{ status: 'ok' | 'unchanged' | 'failed' | 'gone'; reason?: string }> {
      const feed = await availability.feedById(feedId);
      if (!feed || !feed.active) return { status: 'gone' };
      // Planned twice within the hour (a connect and the tick): the second read is skipped.
      if (feed.fetchedAt && now.getTime() - feed.fetchedAt.getTime() < 60_000) return { status: 'unchanged' };
      // Conditional reads save the server and us the work, but the kept window of dates (five
      // weeks back, a year ahead) must move on: a full read at least once a day.
      const conditional = feed.okAt !== null && now.getTime() - feed.okAt.getTime() < 24 * 3600_000;
      const fetched = await deps.fetchFeed(feed.url, conditional ? { etag: feed.etag, lastModified: feed.lastModified } : { etag: null, lastModified: null });
      let reason: string;
      if (fetched.status === 'not-modified') {
        await availability.markUnchanged(feed.id, feed.url, now);
        return { status: 'unchanged' };
      }
      if (fetched.status === 'ok') {
        const profile = await deps.users.cached(feed.workspaceId, feed.userId);
        const zone = profile?.tz ?? 'UTC';
        const read = readCalendar(fetched.body, { zone, window: feedWindow(localDateOf(now, zone)) });
        if (read.ok) {
          await availability.saveRead(feed.id, feed.url, { days: read.days, etag: fetched.etag, lastModified: fetched.lastModified }, now);
          if (JSON.stringify(read.days) !== JSON.stringify(feed.days)) await changed({ workspaceId: feed.workspaceId, userIds: [feed.userId] });
          log.info({ feedId: feed.id, days: read.days.length, events: read.events }, 'calendar feed read');
          return { status: 'ok' };
        }
        reason = read.reason;
      } else {
        reason = fetched.reason;
      }
      const since = await availability.markFailed(feed.id, feed.url, reason, now);
      log.warn({ feedId: feed.id, reason }, 'calendar feed could not be read');
      if (since) await deps.deliveries.enqueue([kinds.calendarProblem.row(feed.workspaceId, { feedId: feed.id, userId: feed.userId, since: since.toISOString(), reason: reason.slice(0, 500) }, now)]);
      return { status: 'failed', reason };
    },

    /** Reads a just-connected feed without waiting for the tick, and tells its owner at once if it failed. */
    async readNow(actor: Actor, key: string) {
      await deps.dispatcher().runKeys([key], clock.now());
      const feed = await availability.feedOf(actor.workspaceId, actor.userId);
      if (feed?.failingSince && feed.error) {
        await deps.dispatcher().runKeys([kinds.calendarProblem.key({ feedId: feed.id, userId: feed.userId, since: feed.failingSince.toISOString(), reason: feed.error })], clock.now());
      }
    },

    teamOf,
  };
}

/** The next `n` public holidays of a region from `today`. */
function nextHolidays(region: string, today: LocalDate, n: number): { date: LocalDate; name: string }[] {
  return [...holidaysBetween(region, today, addDays(today, 366))].slice(0, n).map(([date, name]) => ({ date, name }));
}

export type AvailabilityUseCases = ReturnType<typeof createAvailabilityUseCases>;
