import { describe, expect, it } from 'vitest';
import { handle, handlerTable } from '../../src/outbox/dispatcher.ts';
import type { Delivery } from '../../src/outbox/deliveries.schema.ts';
import { kinds, messageKeys } from '../../src/outbox/kinds.ts';

const row = (kind: string, payload: unknown): Delivery =>
  ({ id: 1, workspaceId: 'T1', key: 'k', kind, payload, status: 'sending', dueAt: new Date(0), nextAttemptAt: new Date(0), attempts: 1, failures: 0, claimedBy: 'w', claimedUntil: null, sentAt: null, result: null, lastError: null, createdAt: new Date(0) }) as Delivery;
const ctx = { now: new Date('2026-12-01T09:00:00Z'), recovering: false };

describe('the delivery catalogue', () => {
  // Keys are stored: rows planned by one version are found by the next. They must never drift.
  it.each([
    [kinds.prompt.key({ teamId: 1, userId: 'U1', date: '2026-12-01' }), 'prompt:1:U1:2026-12-01'],
    [kinds.reminder.key({ teamId: 1, userId: 'U1', date: '2026-12-01' }), 'reminder:1:U1:2026-12-01'],
    [kinds.promptSkipped.key({ teamId: 1, userId: 'U1', date: '2026-12-01' }), 'prompt-skipped:1:U1:2026-12-01'],
    [kinds.deadline.key({ teamId: 2, date: '2026-12-01' }), 'deadline:2:2026-12-01'],
    [kinds.day.key({ teamId: 2, date: '2026-12-01' }), 'day:2:2026-12-01'],
    [kinds.answer.key({ entryId: 7 }), 'answer:7'],
    [kinds.blockerAnnounce.key({ blockerIds: [4, 5], more: 1 }), 'blocker-announce:4'],
    [kinds.blockerResolved.key({ blockerId: 4 }), 'blocker-resolved:4'],
    [kinds.blockerEscalate.key({ blockerId: 4, level: 2, to: 'CSTAKE' }), 'blocker-escalate:4:2:CSTAKE'],
    [kinds.digest.key({ teamId: 3, kind: 'weekly', slot: '2026-11-30' }), 'digest:3:2026-11-30'],
    [kinds.digest.key({ teamId: 3, kind: 'manual', slot: '29420000' }), 'digest-manual:3:29420000'],
    [kinds.digestDetail.key({ digestId: 9, index: 0 }), 'digest-detail:9:0'],
    [kinds.digestChart.key({ digestId: 9 }), 'digest-chart:9'],
    [kinds.calendarRefresh.key({ feedId: 5, slot: '2026-12-01T09' }), 'calendar-refresh:5:2026-12-01T09'],
    [kinds.calendarProblem.key({ feedId: 5, userId: 'U1', since: '2026-12-01T09:00:00.000Z', reason: 'x' }), 'calendar-problem:5:2026-12-01T09:00:00.000Z'],
    [kinds.riskReview.key({ workspaceId: 'T1', userId: 'U1', week: '2026-W49' }), 'risk-review:T1:U1:2026-W49'],
    [messageKeys.dayParent({ teamId: 1, date: '2026-12-01' }), 'parent:1:2026-12-01'],
    [messageKeys.answerReply({ entryId: 7 }), 'reply:7'],
  ])('%s', (key, expected) => expect(key).toBe(expected));

  it('asks once per line of an answer, however the line is spaced or cased', () => {
    const a = kinds.blockerAsk.key({ teamId: 1, entryId: 7, userId: 'U1', text: 'Waiting on  QA' });
    const b = kinds.blockerAsk.key({ teamId: 1, entryId: 7, userId: 'U1', text: 'waiting on qa' });
    const c = kinds.blockerAsk.key({ teamId: 1, entryId: 7, userId: 'U1', text: 'waiting on legal' });
    expect(a).toMatch(/^blocker-ask:7:[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('builds the row it enqueues from the payload, key and kind together', () => {
    const at = new Date('2026-12-01T09:00:00Z');
    expect(kinds.answer.row('T1', { entryId: 7 }, at)).toEqual({ workspaceId: 'T1', key: 'answer:7', kind: 'answer', payload: { entryId: 7 }, dueAt: at });
    expect(kinds.prompt.row('T1', { teamId: 1, userId: 'U1', date: '2026-12-01' }, at, 'missed').status).toBe('missed');
  });
});

describe('handlers by kind', () => {
  it('hands the handler the checked payload; a row of another shape is cancelled with the reason, not half-read', async () => {
    const seen: unknown[] = [];
    const h = handle(kinds.blockerEscalate, async (p) => {
      seen.push(p);
      return { status: 'sent' };
    });
    expect(await h.run(row('blocker-escalate', { blockerId: 4, level: 1, to: 'UMGR' }), ctx)).toEqual({ status: 'sent' });
    expect(seen).toEqual([{ blockerId: 4, level: 1, to: 'UMGR' }]);
    const bad = await h.run(row('blocker-escalate', { blockerId: '4; drop table', level: 3 }), ctx);
    expect(bad.status).toBe('cancelled');
    expect(bad.status === 'cancelled' && bad.reason).toMatch(/^not a blocker-escalate payload: blockerId .*; level .*; to /);
    expect(seen).toHaveLength(1);
  });

  it('reads an announcement row written before blockers were announced together', async () => {
    let got: unknown;
    const h = handle(kinds.blockerAnnounce, async (p) => {
      got = p;
      return { status: 'sent' };
    });
    await h.run(row('blocker-announce', { blockerId: 12 }), ctx);
    expect(got).toEqual({ blockerIds: [12], more: 0 });
  });

  it('refuses at start-up a kind handled twice, or one with no handler', () => {
    const ok = async () => ({ status: 'sent' as const });
    const one = [handle(kinds.answer, ok)];
    expect(() => handlerTable(one, [kinds.answer])).not.toThrow();
    expect(() => handlerTable([...one, handle(kinds.answer, ok)], [kinds.answer])).toThrow(/two handlers for deliveries of kind answer/);
    expect(() => handlerTable(one, [kinds.answer, kinds.day])).toThrow(/no handler for deliveries of kind day/);
  });
});
