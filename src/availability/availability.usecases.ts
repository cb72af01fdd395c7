import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { TeamRefusal } from '../teams/teams.models.ts';
import type { Logger } from '../shared/logger.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { Bound } from '../shared/use-cases.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import { memberZone } from '../standups/schedule.models.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
export type { AvailabilityIndex, AvailabilityTeam, OffPeriod };
import type { UsersService } from '../workspaces/users.service.ts';
import { parseFeedUrl, redactFeedUrl } from './address.models.ts';
import {
  availabilityOn,
  indexAvailability,
  type Availability,
  type AvailabilityIndex,
  type AvailabilityRefusal,
  type AvailabilityTeam,
  type CalendarConnected,
  type CalendarDisconnected,
  type CalendarStatus,
  type HolidayDate,
  type MyHolidays,
  type MyRegionSet,
  type OffPeriod,
  type TeamRegionSet,
} from './availability.models.ts';
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

export type AvailabilityDeps = {
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
  onChanged?: (change: AvailabilityChange) => Promise<void>;
};

type AvailabilityChange = { workspaceId: string; userIds: string[] | 'team'; teamId?: number };

const logOf = (deps: Pick<AvailabilityDeps, 'logger'>) => deps.logger.child('availability');

/** Tells the hook; a failing hook is logged, never the caller's failure (the next tick works it out anyway). */
async function changed(deps: Pick<AvailabilityDeps, 'onChanged' | 'logger'>, change: AvailabilityChange): Promise<void> {
  await deps.onChanged?.(change).catch((err) => logOf(deps).warn({ err }, 'availability change hook failed'));
}

/** The index for some people of one workspace over [from, to]. */
export async function forPeople(deps: Pick<AvailabilityDeps, 'availability' | 'standups'>, workspaceId: string, userIds: string[], from: LocalDate, to: LocalDate): Promise<AvailabilityIndex> {
  const away = await deps.standups.awayBetween([workspaceId], userIds, from, to);
  const regions = new Map([...(await deps.availability.regionsOf(workspaceId, userIds))].map(([u, r]) => [`${workspaceId}:${u}`, r]));
  const calendar = new Map([...(await deps.availability.daysOf(workspaceId, userIds))].map(([u, d]) => [`${workspaceId}:${u}`, d]));
  return indexAvailability({ from, to, away, regions, calendar });
}

/** The index for everyone over [from, to]: four queries, for the planners. */
export async function forEveryone(deps: Pick<AvailabilityDeps, 'availability' | 'standups'>, from: LocalDate, to: LocalDate): Promise<AvailabilityIndex> {
  const away = await deps.standups.awayOverlapping(from, to);
  return indexAvailability({ from, to, away, regions: await deps.availability.allRegions(), calendar: await deps.availability.allDays() });
}

/** A region or an address refused, as data (src/slack/blocks/refusals.ts words it). */
const badInput = (r: AvailabilityRefusal) => refused(r, r.problem);

/** The actor's team `teamId` (a Home button names it). */
export async function teamOf(deps: Pick<AvailabilityDeps, 'teams'>, actor: Actor, teamId: number): Promise<Team> {
  const team = await deps.teams.findById(actor.workspaceId, teamId);
  if (!team) {
    const gone: TeamRefusal = { code: 'team.not_found', where: 'gone' };
    throw refused(gone, 'That team no longer exists.');
  }
  return team;
}

/** Is this person working on this date (in this team), and if not why. */
export async function on(deps: Pick<AvailabilityDeps, 'availability'>, team: AvailabilityTeam, userId: string, date: LocalDate): Promise<Availability> {
  // Not a working day needs no reads; otherwise one round trip (this runs for every prompt sent).
  const weekend = availabilityOn(team.workingDays, { away: [], holidays: new Map(), calendar: new Set() }, date);
  if (!weekend.working) return weekend;
  const facts = await deps.availability.factsOn(team.workspaceId, userId, date);
  return indexAvailability({
    from: date,
    to: date,
    away: facts.away ? [{ workspaceId: team.workspaceId, userId, fromDate: date, toDate: date }] : [],
    regions: facts.region ? new Map([[`${team.workspaceId}:${userId}`, facts.region]]) : new Map(),
    calendar: new Map([[`${team.workspaceId}:${userId}`, facts.days]]),
  }).on(team, userId, date);
}

/** Days and periods off of some members of a team in [from, to] (working days only for holidays and calendar). */
export async function offPeriods(deps: Pick<AvailabilityDeps, 'availability' | 'standups'>, team: AvailabilityTeam, userIds: string[], from: LocalDate, to: LocalDate): Promise<OffPeriod[]> {
  return (await forPeople(deps, team.workspaceId, userIds, from, to)).offPeriods(team, userIds, from, to);
}

/** `/standup holidays DE-BY`: my own region (`off`/`team` goes back to the team's). */
export async function setMyRegion(deps: Pick<AvailabilityDeps, 'availability' | 'clock' | 'onChanged' | 'logger'>, actor: Actor, text: string, team: Team | undefined): Promise<MyRegionSet> {
  const word = text.trim().toLowerCase();
  if (['off', 'none', 'team', 'default', 'reset'].includes(word)) {
    await deps.availability.setRegion(actor.workspaceId, actor.userId, null);
    await changed(deps, { workspaceId: actor.workspaceId, userIds: [actor.userId] });
    return { kind: 'region-cleared', teamRegion: team?.holidayRegion ?? null };
  }
  const r = parseHolidayRegion(text);
  // The parser's sentence names what was typed and gives an example; it holds no markup.
  if (!r.ok) throw badInput({ code: 'holidays.bad_region', problem: r.message });
  await deps.availability.setRegion(actor.workspaceId, actor.userId, r.region);
  await changed(deps, { workspaceId: actor.workspaceId, userIds: [actor.userId] });
  return { kind: 'region-set', region: r.region, name: r.name, next: nextHolidays(r.region, localDateOf(deps.clock.now(), 'UTC'), 3) };
}

/** `/standup holidays team US` (managers; checked by the caller): the team's default region. */
export async function setTeamRegion(deps: Pick<AvailabilityDeps, 'teams' | 'onChanged' | 'logger'>, team: Team, text: string): Promise<TeamRegionSet> {
  const word = text.trim().toLowerCase();
  if (['off', 'none'].includes(word)) {
    await deps.teams.update(team, { holidayRegion: null });
    await changed(deps, { workspaceId: team.workspaceId, userIds: 'team', teamId: team.id });
    return { kind: 'team-region-cleared', teamName: team.name };
  }
  const r = parseHolidayRegion(text);
  if (!r.ok) throw badInput({ code: 'holidays.bad_region', problem: r.message });
  await deps.teams.update(team, { holidayRegion: r.region });
  await changed(deps, { workspaceId: team.workspaceId, userIds: 'team', teamId: team.id });
  return { kind: 'team-region-set', teamName: team.name, region: r.region, name: r.name };
}

/** `/standup holidays`: my region and my next public holidays. */
export async function myHolidays(deps: Pick<AvailabilityDeps, 'availability' | 'users' | 'clock'>, actor: Actor, team: Team | undefined): Promise<MyHolidays> {
  const own = await deps.availability.regionOf(actor.workspaceId, actor.userId);
  const region = effectiveRegion(own, team?.holidayRegion);
  if (!region) return { kind: 'no-region' };
  const profile = await deps.users.cached(actor.workspaceId, actor.userId);
  const today = localDateOf(deps.clock.now(), team ? memberZone(team, profile?.tz) : profile?.tz ?? 'UTC');
  const feed = await deps.availability.feedOf(actor.workspaceId, actor.userId);
  return {
    kind: 'holidays',
    region,
    source: own ? 'own' : 'team',
    next: nextHolidays(region, today, 8),
    calendarDaysOff: feed ? feed.days.filter((d) => d >= today).length : null,
  };
}

/** `/standup calendar URL`: connects (or replaces) my feed; it is read within a minute (`readNow` with the key). */
export async function connectCalendar(deps: Pick<AvailabilityDeps, 'availability' | 'deliveries' | 'clock' | 'logger' | 'allowInsecure'>, actor: Actor, text: string): Promise<CalendarConnected> {
  const parsed = parseFeedUrl(text, { allowInsecure: deps.allowInsecure });
  // The parser's sentence holds no markup and gives an example.
  if (!parsed.ok) throw badInput({ code: 'calendar.bad_url', problem: parsed.message });
  // A database error message quotes its parameters, and the address is a secret: log without it.
  const feed = await deps.availability.connectFeed(actor.workspaceId, actor.userId, parsed.url).catch((err: { code?: string }) => {
    throw new Error(`could not save a calendar feed (database error ${err.code ?? 'unknown'}; the address is withheld)`);
  });
  const row = kinds.calendarRefresh.row(actor.workspaceId, { feedId: feed.id, slot: `connect:${deps.clock.now().getTime()}` }, deps.clock.now());
  await deps.deliveries.enqueue([row]);
  logOf(deps).info({ feedId: feed.id, host: redactFeedUrl(parsed.url) }, 'calendar feed connected');
  return { kind: 'calendar-connected', address: redactFeedUrl(parsed.url), key: row.key };
}

/** `/standup calendar off`. */
export async function disconnectCalendar(deps: Pick<AvailabilityDeps, 'availability' | 'onChanged' | 'logger'>, actor: Actor): Promise<CalendarDisconnected> {
  const had = await deps.availability.disconnectFeed(actor.workspaceId, actor.userId);
  if (!had) return { kind: 'no-calendar' };
  await changed(deps, { workspaceId: actor.workspaceId, userIds: [actor.userId] });
  return { kind: 'calendar-disconnected' };
}

/** `/standup calendar`: my feed (its address redacted), its last read and its upcoming days off. */
export async function calendarStatus(deps: Pick<AvailabilityDeps, 'availability' | 'clock'>, actor: Actor): Promise<CalendarStatus> {
  const feed = await deps.availability.feedOf(actor.workspaceId, actor.userId);
  if (!feed) return { kind: 'no-calendar' };
  const today = localDateOf(deps.clock.now(), 'UTC');
  return { kind: 'calendar', address: feed.shownAddress || '(a calendar address)', lastError: feed.error, lastReadAt: feed.okAt, upcoming: feed.days.filter((d) => d >= today) };
}

/** Plans a read of every feed not read for an hour, keyed by the hour: at most one read an hour each. */
export async function planRefreshes(deps: Pick<AvailabilityDeps, 'availability' | 'deliveries'>, now: Date): Promise<number> {
  const due = await deps.availability.dueFeeds(new Date(now.getTime() - feedRefreshMs), feedsPerPass);
  if (!due.length) return 0;
  const slot = now.toISOString().slice(0, 13);
  return deps.deliveries.enqueue(due.map((f) => kinds.calendarRefresh.row(f.workspaceId, { feedId: f.id, slot }, now)));
}

/**
 * Reads one feed: new days on success (or unchanged on 304), the last good days kept on
 * failure, and the owner told once per run of failures (a calendar-problem delivery).
 */
export async function refreshFeed(
  deps: Pick<AvailabilityDeps, 'availability' | 'deliveries' | 'users' | 'fetchFeed' | 'onChanged' | 'logger'>,
  feedId: number,
  now: Date,
): Promise<{ status: 'ok' | 'unchanged' | 'failed' | 'gone'; reason?: string }> {
  const { availability } = deps;
  const log = logOf(deps);
  const feed = await availability.feedById(feedId);
  if (!feed || !feed.active) return { status: 'gone' };
  // Planned twice within the hour (a connect and the tick): the second read is skipped.
  if (feed.fetchedAt && now.getTime() - feed.fetchedAt.getTime() < 60_000) return { status: 'unchanged' };
  // Conditional reads save the server and us the work, but the kept window of dates (five
  // weeks back, a year ahead) must move on: a full read at least once a day.
  const conditional = feed.okAt !== null && now.getTime() - feed.okAt.getTime() < 24 * 3600_000;
  // The address is sealed at rest; opened here, for the fetcher alone. One that does not open
  // (a key that is gone) is a failed read with the reason, not a crash: connecting again fixes it.
  const address = availability.openAddress(feed);
  if (!address.ok) log.error({ feedId: feed.id, problem: address.problem }, 'calendar feed address cannot be opened');
  const fetched = address.ok
    ? await deps.fetchFeed(address.url, conditional ? { etag: feed.etag, lastModified: feed.lastModified } : { etag: null, lastModified: null })
    : ({ status: 'error', reason: `the saved address can no longer be read by this server (${address.problem}); connect your calendar again with /standup calendar` } as const);
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
      if (JSON.stringify(read.days) !== JSON.stringify(feed.days)) await changed(deps, { workspaceId: feed.workspaceId, userIds: [feed.userId] });
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
}

/**
 * At start-up: calendar addresses stored plain (before a key was set) or under a previous key are
 * sealed under COORDINATOR_ENCRYPTION_KEY; without a key, how many are plain. The caller logs it.
 */
export async function sealAddresses(deps: Pick<AvailabilityDeps, 'availability'>): Promise<{ keyId: string | null; sealed: number; plain: number; unreadable: number; total: number }> {
  return deps.availability.sealAddresses();
}

/** Reads a just-connected feed without waiting for the tick, and tells its owner at once if it failed. */
export async function readNow(deps: Pick<AvailabilityDeps, 'availability' | 'dispatcher' | 'clock'>, actor: Actor, key: string): Promise<void> {
  await deps.dispatcher().runKeys([key], deps.clock.now());
  const feed = await deps.availability.feedOf(actor.workspaceId, actor.userId);
  if (feed?.failingSince && feed.error) {
    await deps.dispatcher().runKeys([kinds.calendarProblem.key({ feedId: feed.id, userId: feed.userId, since: feed.failingSince.toISOString(), reason: feed.error })], deps.clock.now());
  }
}

/** The next `n` public holidays of a region from `today`. */
function nextHolidays(region: string, today: LocalDate, n: number): HolidayDate[] {
  return [...holidaysBetween(region, today, addDays(today, 366))].slice(0, n).map(([date, name]) => ({ date, name }));
}

export const availabilityUseCases = {
  forPeople,
  forEveryone,
  on,
  offPeriods,
  setMyRegion,
  setTeamRegion,
  myHolidays,
  connectCalendar,
  disconnectCalendar,
  calendarStatus,
  planRefreshes,
  refreshFeed,
  readNow,
  sealAddresses,
  teamOf,
};
export type AvailabilityUseCases = Bound<typeof availabilityUseCases, AvailabilityDeps>;
