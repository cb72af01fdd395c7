import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planDue, type DueItem, type ScheduleMember, type ScheduleTeam } from '../../src/standups/schedule.models.ts';
import { localToInstant } from '../../src/shared/time.ts';

const team = (over: Partial<ScheduleTeam> = {}): ScheduleTeam => ({
  id: 1,
  workingDays: [1, 2, 3, 4, 5],
  promptTime: '09:30',
  tzMode: 'member',
  timezone: 'UTC',
  reminderMinutes: null,
  deadlineTime: '13:00',
  ...over,
});

const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham'];
const members: ScheduleMember[] = zones.map((tz, i) => ({ teamId: 1, userId: `U${i}`, tz }));

/** Runs the planner over [start, end) in consecutive windows of varying size, like ticks would. */
function sweep(t: ScheduleTeam, ms: ScheduleMember[], start: string, end: string, opts: { isAway?: Parameters<typeof planDue>[0]['isAway']; seed?: number } = {}) {
  const out: DueItem[] = [];
  let from = new Date(start);
  const stop = new Date(end);
  let seed = opts.seed ?? 7;
  while (from < stop) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const minutes = 1 + (seed % 240); // windows from 1 minute to 4 hours
    const to = new Date(Math.min(from.getTime() + minutes * 60_000, stop.getTime()));
    out.push(...planDue({ teams: [t], members: ms, from, to, ...(opts.isAway ? { isAway: opts.isAway } : {}) }));
    from = to;
  }
  return out;
}

describe('planDue over all of 2026 in four zones (US, EU and Chatham DST changes)', () => {
  const items = sweep(team(), members, '2025-12-31T00:00:00Z', '2027-01-02T00:00:00Z');
  const prompts = items.filter((i) => i.kind === 'prompt');

  it.each(zones.map((z, i) => [z, i] as const))('%s gets exactly one prompt per working day at 09:30 local', (zone, i) => {
    const mine = prompts.filter((p) => p.userId === `U${i}` && p.date.startsWith('2026-'));
    const byDate = new Map<string, number>();
    for (const p of mine) byDate.set(p.date, (byDate.get(p.date) ?? 0) + 1);
    let expected = 0;
    for (let d = DateTime.fromISO('2026-01-01', { zone: 'UTC' }); d.year === 2026; d = d.plus({ days: 1 })) {
      const date = d.toISODate()!;
      if (d.weekday <= 5) {
        expected++;
        expect(byDate.get(date), `${zone} ${date}`).toBe(1);
      } else {
        expect(byDate.has(date), `${zone} ${date} is a weekend`).toBe(false);
      }
    }
    expect(mine).toHaveLength(expected);
    for (const p of mine) {
      const local = DateTime.fromJSDate(p.dueAt, { zone });
      expect(local.toFormat('yyyy-MM-dd HH:mm'), `${zone} ${p.date}`).toBe(`${p.date} 09:30`);
    }
  });

  it('moves with the offsets: New York is 14:30 UTC in winter and 13:30 UTC in summer', () => {
    const ny = (date: string) => prompts.find((p) => p.userId === 'U0' && p.date === date)!.dueAt.toISOString();
    expect(ny('2026-03-06')).toBe('2026-03-06T14:30:00.000Z');
    expect(ny('2026-03-09')).toBe('2026-03-09T13:30:00.000Z');
    expect(ny('2026-10-30')).toBe('2026-10-30T13:30:00.000Z');
    expect(ny('2026-11-02')).toBe('2026-11-02T14:30:00.000Z');
    const chatham = (date: string) => prompts.find((p) => p.userId === 'U3' && p.date === date)!.dueAt.toISOString();
    expect(chatham('2026-04-03')).toBe('2026-04-02T19:45:00.000Z'); // +13:45
    expect(chatham('2026-04-06')).toBe('2026-04-05T20:45:00.000Z'); // +12:45
    const kolkata = prompts.find((p) => p.userId === 'U2' && p.date === '2026-06-01')!;
    expect(kolkata.dueAt.toISOString()).toBe('2026-06-01T04:00:00.000Z'); // +5:30, no DST
  });

  it('plans one deadline per working day, after the last zone’s local deadline', () => {
    const deadlines = items.filter((i) => i.kind === 'deadline' && i.date === '2026-06-01');
    expect(deadlines).toHaveLength(1);
    // 13:00 in New York (EDT) is the latest of the four zones.
    expect(deadlines[0]!.dueAt.toISOString()).toBe('2026-06-01T17:00:00.000Z');
  });
});

describe('planDue on DST days', () => {
  it('a prompt time inside the spring-forward gap moves to the first valid minute', () => {
    const t = team({ promptTime: '02:30', workingDays: [1, 2, 3, 4, 5, 6, 7] });
    const ny = sweep(t, [{ teamId: 1, userId: 'U', tz: 'America/New_York' }], '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z');
    const p = ny.find((i) => i.kind === 'prompt' && i.date === '2026-03-08')!;
    expect(DateTime.fromJSDate(p.dueAt, { zone: 'America/New_York' }).toFormat('HH:mm')).toBe('03:00');
    const chatham = sweep(
      team({ promptTime: '02:50', workingDays: [1, 2, 3, 4, 5, 6, 7] }),
      [{ teamId: 1, userId: 'C', tz: 'Pacific/Chatham' }],
      '2026-09-25T00:00:00Z',
      '2026-09-29T00:00:00Z',
    );
    const c = chatham.filter((i) => i.kind === 'prompt' && i.date === '2026-09-27');
    expect(c).toHaveLength(1);
    expect(DateTime.fromJSDate(c[0]!.dueAt, { zone: 'Pacific/Chatham' }).toFormat('HH:mm')).toBe('03:45');
  });

  it('a prompt time that happens twice on the fall-back day fires once', () => {
    const t = team({ promptTime: '01:30', workingDays: [1, 2, 3, 4, 5, 6, 7] });
    const items = sweep(t, [{ teamId: 1, userId: 'U', tz: 'America/New_York' }], '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z');
    expect(items.filter((i) => i.kind === 'prompt' && i.date === '2026-11-01')).toHaveLength(1);
    const eu = sweep(team({ promptTime: '02:30', workingDays: [7] }), [{ teamId: 1, userId: 'E', tz: 'Europe/Berlin' }], '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z');
    expect(eu.filter((i) => i.kind === 'prompt')).toHaveLength(1);
  });

  it('localToInstant keeps ordinary times exact', () => {
    expect(localToInstant('2026-12-01', '09:30', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T04:00:00.000Z');
  });
});

describe('planDue with time off, pinned zones and reminders', () => {
  it('skips away days and plans nothing for them', () => {
    const isAway = (_t: number, userId: string, date: string) => userId === 'U1' && date >= '2026-12-07' && date <= '2026-12-11';
    const items = sweep(team(), members, '2026-12-06T00:00:00Z', '2026-12-15T00:00:00Z', { isAway });
    const u1 = items.filter((i) => i.kind === 'prompt' && i.userId === 'U1').map((i) => i.date);
    expect(u1).toEqual(['2026-12-14']);
  });

  it('a pinned zone prompts everyone at the same instant', () => {
    const items = planDue({
      teams: [team({ tzMode: 'pinned', timezone: 'Europe/Berlin' })],
      members,
      from: new Date('2026-12-01T08:29:00Z'),
      to: new Date('2026-12-01T08:30:00Z'),
    });
    expect(items.filter((i) => i.kind === 'prompt').map((i) => i.userId).sort()).toEqual(['U0', 'U1', 'U2', 'U3']);
  });

  it('plans one reminder N minutes after each prompt, in its own window', () => {
    const t = team({ reminderMinutes: 90 });
    const one = [{ teamId: 1, userId: 'U', tz: 'Europe/Berlin' }];
    const atPrompt = planDue({ teams: [t], members: one, from: new Date('2026-12-01T08:29:00Z'), to: new Date('2026-12-01T08:30:00Z') });
    expect(atPrompt.map((i) => i.kind)).toEqual(['prompt']);
    const atReminder = planDue({ teams: [t], members: one, from: new Date('2026-12-01T09:59:00Z'), to: new Date('2026-12-01T10:00:00Z') });
    expect(atReminder.map((i) => [i.kind, i.key])).toEqual([['reminder', 'reminder:1:U:2026-12-01']]);
  });

  it('falls back to the team zone for a member whose zone is unknown or invalid', () => {
    const items = planDue({
      teams: [team({ timezone: 'Asia/Tokyo' })],
      members: [
        { teamId: 1, userId: 'A', tz: null },
        { teamId: 1, userId: 'B', tz: 'Mars/Olympus' },
      ],
      from: new Date('2026-12-01T00:29:00Z'),
      to: new Date('2026-12-01T00:30:00Z'),
    });
    expect(items.filter((i) => i.kind === 'prompt')).toHaveLength(2);
  });
});
