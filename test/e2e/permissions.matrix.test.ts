import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockerCorrections, blockers } from '../../src/blockers/blockers.schema.ts';
import { digests } from '../../src/digests/digests.schema.ts';
import { setupModal } from '../../src/slack/blocks/setup.blocks.ts';
import { encodeRef } from '../../src/slack/blocks/standup.blocks.ts';
import { askValue } from '../../src/slack/blocks/blocker.blocks.ts';
import { awayPeriods, standupEntries } from '../../src/standups/standups.schema.ts';
import { defaultQuestions } from '../../src/teams/teams.repository.ts';
import { questions, teamMembers, teams, type Team } from '../../src/teams/teams.schema.ts';
import { tasks } from '../../src/workload/workload.schema.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { seedTeam } from '../support/seed.ts';
import { command, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The permission matrix of the README's Security model ("Who may do what"), issue 10.
 *
 * ONE table (`table` below): each entry is a surface (a mutating command, button or modal
 * submission), how to perform it, how to read the state it would change, what an allowed
 * run changes, and the expected outcome for each kind of person. It is flattened into one
 * test per (surface × who). Every row starts from the same baseline team (settings, roster,
 * questions, no time off, no entries) and makes its own blocker / task / time off, so rows
 * are independent and may run in any order.
 *
 * Refused = the person gets a clear message AND the database is unchanged: both the state the
 * row reads and a fingerprint of every product table (teams, members, questions, blockers,
 * corrections, tasks, entries, time off, digests) are compared before and after.
 *
 * People (all in the installed workspace):
 *   member   UMEM  answers standups in #team, no other role on the thing acted on
 *   manager  UMGR  a manager of #team (not its creator, not answering standups)
 *   admin    UADM  a workspace admin (from users.info), not on the team
 *   outsider UOUT  in the workspace, not on the team
 *   otherManager UOMGR  a manager of another team (#other) in the same workspace: "managers" means this team's
 * and, where the rule names them: reporter / owner of a blocker, assignee / adder of a task, author of an answer.
 *
 * People of ANOTHER workspace are not rows here: their requests are ignored at the door
 * (empty 200, no listener, no row, no Web API call) — test/e2e/trust-boundary.e2e.test.ts.
 */

const W = 'T0001';
const DAY = '2026-12-01'; // a Tuesday; everyone is in UTC
const START = Date.parse('2026-12-01T09:00:00Z');
const PEOPLE = { member: 'UMEM', manager: 'UMGR', admin: 'UADM', outsider: 'UOUT', otherManager: 'UOMGR', reporter: 'UREP', owner: 'UOWN', assignee: 'UREP', adder: 'UOWN', author: 'UREP' } as const;
type Who = keyof typeof PEOPLE;
const basic: Who[] = ['member', 'manager', 'admin', 'outsider'];

type Ctx = { team: Team; uid: string; blockerId: number; taskId: number; awayId: number; entryId: number; n: number };
type Outcome = 'allowed' | RegExp;
type Surface = {
  surface: string;
  /** Creates what the row acts on (a blocker, a task, time off, an entry). */
  setup?: (ctx: Ctx) => Promise<void>;
  /** Does it as `ctx.uid` through signed HTTP; returns what that person was told. */
  perform: (ctx: Ctx) => Promise<string>;
  /** The state this surface changes. */
  probe: (ctx: Ctx) => Promise<unknown>;
  /** What an allowed run must have changed (before → after). */
  effect: (after: any, before: any, ctx: Ctx) => void;
  /** Optional check of the reply when allowed. */
  allowedReply?: RegExp;
  who: Partial<Record<Who, Outcome>>;
};

// ── refusal texts, as the product words them ─────────────────────────────────────────────
const SETTINGS = /Only #team's managers \(<@UMGR> and <@UMGR2>\) or a workspace admin can change its settings/;
const NOT_ANSWERING = /You're not answering standups in \*?#team/;
const RESOLVE = /Only <@UREP> \(who raised it\)(, <@UOWN> \(its owner\))? or a manager \(<@UMGR> and <@UMGR2>\) can resolve blocker #\d+\. Nothing was changed\./;
const DISMISS = /Only <@UREP> \(who raised it\) or a manager can say blocker #\d+ is not one\. Nothing was changed\./;
const HELP = /Only people in #team can take on its blockers\..*Nothing was changed\./s;
const TASK = /Only <@UREP> \(the assignee\), <@U(REP|OWN)> \(who added it\) or a manager can change task #\d+\. Nothing was changed\./;
const NOT_AUTHOR = /Only the person who wrote that answer can say whether it is a blocker\./;
const FORGET = /Only <@UREP> themself or a workspace admin can have their data forgotten\. Nothing was changed\./;
const settingsRule = { member: SETTINGS, manager: 'allowed', admin: 'allowed', outsider: SETTINGS, otherManager: SETTINGS } satisfies Partial<Record<Who, Outcome>>;

let h: Harness;
let baseTeam: Team;
let baseMembers: (typeof teamMembers.$inferSelect)[];
let rowNo = 0;

// ── how things are performed ───────────────────────────────────────────────────────────────
const slash = (cmd: string, text: (ctx: Ctx) => string) => (ctx: Ctx) => command(h, ctx.uid, text(ctx), teamChannel, 'team', cmd);
const standup = (text: string | ((ctx: Ctx) => string)) => slash('/standup', typeof text === 'string' ? () => text : text);
const blocker = (text: (ctx: Ctx) => string) => slash('/blocker', text);
const task = (text: (ctx: Ctx) => string) => slash('/task', text);
const workload = (text: string) => slash('/workload', () => text);
const digest = (text: string) => slash('/digest', () => text);
const coordinator = (text: string) => slash('/coordinator', () => text);

/** `/coordinator forget @rep`, then "Forget them" on the confirmation when one is shown; returns the last answer. */
const forgetRep = async (ctx: Ctx) => {
  const asked = await coordinator('forget <@UREP>')(ctx);
  if (!/This cannot be undone/.test(asked)) return asked;
  return click('privacy_forget_confirm', () => 'UREP')(ctx);
};
/** UREP's plain answer for the day. */
const repAnswer = async (ctx: Ctx) => {
  const qs = await h.services.repos.teams.questions(ctx.team.id);
  const r = await h.services.standups.submitAnswer({ workspaceId: W, userId: 'UREP' }, { teamId: ctx.team.id, date: DAY }, Object.fromEntries(qs.map((q, i) => [`q_${q.id}`, i === 2 ? 'none' : 'UREP original'])));
  if (!('entry' in r)) throw new Error('could not seed UREP answer');
};

/** Clicks a button on a message in the team channel and returns the ephemeral answer. */
const click = (actionId: string, value: (ctx: Ctx) => string) => async (ctx: Ctx) => {
  const res = await h.sender.blockAction({ user_id: ctx.uid, action_id: actionId, value: value(ctx), channel_id: teamChannel, message_ts: `1764579600.${String(ctx.n).padStart(6, '0')}` });
  expect(res.status).toBe(200);
  const id = res.responseUrl!.split('/respond/')[1]!;
  const reply = visibleText((await h.catcher.waitFor((r) => r.id === id, 30_000)).body as never);
  // The reply goes out before the click's tail (outbox rows it queued, Homes it changed).
  await h.idle();
  return reply;
};

/** Submits a modal; returns the field errors (joined) or '' when Slack was told to close it. */
async function submit(uid: string, callback_id: string, private_metadata: string, state_values: Record<string, Record<string, Record<string, unknown>>>): Promise<string> {
  const res = await h.sender.viewSubmission({ user_id: uid, callback_id, private_metadata, state_values });
  expect(res.status).toBe(200);
  // The ack closes the modal; what the save queued is sent after it.
  await h.idle();
  if (!res.body) return '';
  const body = res.json<{ response_action?: string; errors?: Record<string, string> }>();
  return Object.values(body.errors ?? {}).join('\n');
}

/** The setup modal as a manager would get it for #team, submitted with a new prompt time. */
async function submitSetup(ctx: Ctx): Promise<string> {
  const view = setupModal(await h.services.teams.setupView({ workspaceId: W, userId: 'UMGR' }, teamChannel, 'team'));
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const b of view.blocks as { type: string; block_id?: string; element?: Record<string, unknown> & { type: string; action_id: string } }[]) {
    if (b.type !== 'input' || !b.block_id || !b.element) continue;
    const el = b.element;
    const v: Record<string, unknown> =
      el.type === 'multi_users_select' ? { selected_users: el.initial_users ?? [] }
      : el.type === 'plain_text_input' || el.type === 'number_input' ? { value: el.initial_value ?? null }
      : el.type === 'static_select' || el.type === 'radio_buttons' ? { selected_option: el.initial_option ?? null }
      : el.type === 'checkboxes' ? { selected_options: el.initial_options ?? [] }
      : el.type === 'timepicker' ? { selected_time: b.block_id === 'prompt_time' ? '08:15' : (el.initial_time ?? null) }
      : el.type === 'conversations_select' ? { selected_conversation: el.initial_conversation ?? null }
      : {};
    values[b.block_id] = { [el.action_id]: { type: el.type, ...v } };
  }
  return submit(ctx.uid, view.callback_id!, JSON.stringify({ c: teamChannel, n: 'team' }), values);
}

/** The answer modal of UREP's prompt (team and day in private_metadata, UREP's blocker shown ticked), submitted by ctx.uid with the blocker unticked. */
async function submitForeignAnswer(ctx: Ctx): Promise<string> {
  const qs = await h.services.repos.teams.questions(ctx.team.id);
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  qs.forEach((q, i) => (state[`q_${q.id}`] = { answer: { type: 'plain_text_input', value: i === 2 ? 'none' : `written by ${ctx.uid}` } }));
  state.carry_blockers = { carry: { type: 'checkboxes', selected_options: [] } };
  const meta = JSON.stringify({ t: ctx.team.id, d: DAY, b: [ctx.blockerId] });
  return submit(ctx.uid, 'standup_answer_modal', meta, state);
}

// ── how state is read ────────────────────────────────────────────────────────────────────────
const teamRow = async (ctx: Ctx) => (await h.db.db.select().from(teams).where(eq(teams.id, ctx.team.id)))[0]!;
const roster = async (ctx: Ctx) => (await h.db.db.select().from(teamMembers).where(eq(teamMembers.teamId, ctx.team.id))).map((m) => `${m.userId}:${m.isParticipant ? 'P' : '-'}${m.isManager ? 'M' : '-'}:${m.capacityHours ?? ''}`).sort();
const questionTexts = async (ctx: Ctx) => (await h.services.repos.teams.questions(ctx.team.id)).map((q) => `${q.text}|${q.kind}`);
const blockerRow = async (ctx: Ctx) => (await h.db.db.select().from(blockers).where(eq(blockers.id, ctx.blockerId)))[0]!;
const blockersOfTeam = async (ctx: Ctx) => (await h.db.db.select().from(blockers).where(eq(blockers.teamId, ctx.team.id))).map((b) => `${b.id}:${b.reporterId}:${b.status}`).sort();
const taskRow = async (ctx: Ctx) => (await h.db.db.select().from(tasks).where(eq(tasks.id, ctx.taskId)))[0]!;
const entries = async (ctx: Ctx) => Object.fromEntries((await h.db.db.select().from(standupEntries).where(and(eq(standupEntries.teamId, ctx.team.id), eq(standupEntries.date, DAY)))).map((e) => [e.userId, { status: e.status, answers: (e.answers ?? []).map((a) => a.answer) }]));
const away = async () => (await h.db.db.select().from(awayPeriods)).map((a) => `${a.id}:${a.userId}:${a.fromDate}:${a.toDate}`).sort();
const digestCount = async (ctx: Ctx) => (await h.db.db.select().from(digests).where(eq(digests.teamId, ctx.team.id))).length;

/**
 * An allowed row may still be posting what it caused (announcement, resolution note, the answer
 * in the thread) after its reply; that writes back to blockers and entries. Wait for it, so the
 * next row's "unchanged" fingerprint sees only that row's doing.
 */
async function settle(ignore: Set<string>): Promise<void> {
  const busy = async () => {
    const rows = await h.db.db.select().from(deliveries);
    const now = h.clock.now().getTime();
    return rows.some((d) => !ignore.has(d.key) && (d.status === 'sending' || (d.status === 'pending' && /^(blocker-announce|blocker-resolved|answer):/.test(d.key) && d.dueAt.getTime() <= now)));
  };
  // Every surface helper has already waited for its listener's tail, so this is normally settled
  // at once. Bounded and loud: a delivery still busy after a minute is a failure, not a pass by
  // default (the fake refuses nothing in this file, so nothing waits for a tick's retry).
  await waitFor(async () => !(await busy()), { timeoutMs: 60_000, message: "the row's deliveries settled" });
}

/** Every product table a command could write, for "the database is unchanged". */
async function fingerprint(): Promise<string> {
  const db = h.db.db;
  const all = await Promise.all([db.select().from(teams), db.select().from(teamMembers), db.select().from(questions), db.select().from(blockers), db.select().from(blockerCorrections), db.select().from(tasks), db.select().from(standupEntries), db.select().from(awayPeriods), db.select().from(digests)]);
  const sortKey = (r: unknown) => JSON.stringify(r);
  return JSON.stringify(all.map((rows) => (rows as unknown[]).map(sortKey).sort()));
}

// ── what rows create ─────────────────────────────────────────────────────────────────────────
/** A fresh open blocker raised by UREP, announced in the day's thread (as it would be); owned by UOWN when asked. */
const freshBlocker = (opts: { owned?: boolean } = {}) => async (ctx: Ctx) => {
  const raised = await h.services.blockers.raise({ workspaceId: W, userId: 'UREP' }, ctx.team, `staging database is down, case ${ctx.n}`);
  if ('replayed' in raised) throw new Error('unexpected replay');
  ctx.blockerId = raised.blocker.id;
  await h.services.standups.deliverNow([`blocker-announce:${ctx.blockerId}`]);
  if (opts.owned) await h.services.repos.blockers.takeOwnership(ctx.blockerId, 'UOWN');
};
/** A fresh task for UREP, added by UREP (or by UOWN for the "who added it" row). */
const freshTask = async (ctx: Ctx) => {
  const adder = ctx.uid === 'UOWN' ? 'UOWN' : 'UREP';
  const added = await h.services.workload.addTask({ workspaceId: W, userId: adder }, ctx.team, { title: `release notes ${ctx.n}`, assigneeId: 'UREP', estimateMinutes: 120 });
  if ('replayed' in added || added.kind !== 'saved') throw new Error('could not seed the task');
  ctx.taskId = added.task.id;
};

/** UREP's answer for the day, with a line the reader was unsure of (the DM question is asked about it). */
const DOUBT = 'design input would be nice at some point';
const doubtfulLine = async (ctx: Ctx) => {
  const qs = await h.services.repos.teams.questions(ctx.team.id);
  const r = await h.services.standups.submitAnswer({ workspaceId: W, userId: 'UREP' }, { teamId: ctx.team.id, date: DAY }, Object.fromEntries(qs.map((q, i) => [`q_${q.id}`, i === 2 ? DOUBT : 'UREP original'])));
  if (!('entry' in r)) throw new Error('could not seed UREP answer');
  ctx.entryId = r.entry.id;
};
const asked = async (ctx: Ctx) => ({
  blockers: await blockersOfTeam(ctx),
  corrections: (await h.db.db.select().from(blockerCorrections).where(eq(blockerCorrections.teamId, ctx.team.id))).map((c) => `${c.normalized}:${c.verdict}`),
});
const authorOnly: Partial<Record<Who, Outcome>> = { member: NOT_AUTHOR, manager: NOT_AUTHOR, admin: NOT_AUTHOR, outsider: NOT_AUTHOR, author: 'allowed' };

const blockerRule = (extra: Partial<Record<Who, Outcome>>, refusal: RegExp): Partial<Record<Who, Outcome>> => ({ member: refusal, manager: 'allowed', admin: 'allowed', outsider: refusal, otherManager: refusal, reporter: 'allowed', owner: 'allowed', ...extra });
const taskRule: Partial<Record<Who, Outcome>> = { member: TASK, manager: 'allowed', admin: 'allowed', outsider: TASK, otherManager: TASK, assignee: 'allowed', adder: 'allowed' };
const everyone: Partial<Record<Who, Outcome>> = { member: 'allowed', manager: 'allowed', admin: 'allowed', outsider: 'allowed' };
const participantsOnly: Partial<Record<Who, Outcome>> = { member: 'allowed', manager: NOT_ANSWERING, admin: NOT_ANSWERING, outsider: NOT_ANSWERING };

// ══ THE TABLE ══════════════════════════════════════════════════════════════════════════════
const table: Surface[] = [
  // Team settings: its managers, its creator or a workspace admin.
  { surface: '/standup members add @new', perform: standup('members add <@UNEW>'), probe: roster, effect: (a) => expect(a).toContain('UNEW:P-:'), who: settingsRule },
  { surface: '/standup members remove @rep', perform: standup('members remove <@UREP>'), probe: roster, effect: (a) => expect(a.some((r: string) => r.startsWith('UREP:'))).toBe(false), who: settingsRule },
  { surface: '/standup managers add @rep', perform: standup('managers add <@UREP>'), probe: roster, effect: (a) => expect(a).toContain('UREP:PM:'), who: settingsRule },
  { surface: '/standup managers remove @mgr2', perform: standup('managers remove <@UMGR2>'), probe: roster, effect: (a) => expect(a.some((r: string) => r.startsWith('UMGR2:-M'))).toBe(false), who: settingsRule },
  { surface: '/standup schedule', perform: standup('schedule 08:45 mon-thu'), probe: teamRow, effect: (a) => expect([a.promptTime, a.workingDays]).toEqual(['08:45', [1, 2, 3, 4]]), who: settingsRule },
  { surface: '/standup timezone', perform: standup('timezone Europe/Berlin'), probe: teamRow, effect: (a) => expect([a.tzMode, a.timezone]).toEqual(['pinned', 'Europe/Berlin']), who: settingsRule },
  { surface: '/standup deadline', perform: standup('deadline 14:00'), probe: teamRow, effect: (a) => expect(a.deadlineTime).toBe('14:00'), who: settingsRule },
  { surface: '/standup reminder', perform: standup('reminder 30m'), probe: teamRow, effect: (a) => expect(a.reminderMinutes).toBe(30), who: settingsRule },
  { surface: '/standup question add', perform: standup('question add Any risks?'), probe: questionTexts, effect: (a) => expect(a.at(-1)).toBe('Any risks?|text'), who: settingsRule },
  { surface: '/standup question edit', perform: standup('question edit 1 What shipped?'), probe: questionTexts, effect: (a) => expect(a[0]).toMatch(/^What shipped\?\|/), who: settingsRule },
  { surface: '/standup question remove', perform: standup('question remove 1'), probe: questionTexts, effect: (a, b) => expect(a).toEqual(b.slice(1)), who: settingsRule },
  { surface: '/standup question blockers N (role)', perform: standup('question blockers 1'), probe: questionTexts, effect: (a) => expect(a[0]).toMatch(/\|blockers$/), who: settingsRule },
  { surface: '/standup question move', perform: standup('question move 1 2'), probe: questionTexts, effect: (a, b) => expect(a).toEqual([b[1], b[0], ...b.slice(2)]), who: settingsRule },
  { surface: 'setup modal submission (existing team)', perform: submitSetup, probe: teamRow, effect: (a) => expect(a.promptTime).toBe('08:15'), allowedReply: /^$/, who: settingsRule },
  { surface: '/blocker threshold', perform: blocker(() => 'threshold 5'), probe: teamRow, effect: (a) => expect(a.blockerThresholdDays).toBe(5), who: settingsRule },
  { surface: '/workload capacity @member', perform: workload('capacity <@UMEM> 20h'), probe: roster, effect: (a) => expect(a).toContain('UMEM:P-:20'), who: settingsRule },
  { surface: '/workload capacity (team default)', perform: workload('capacity 36h'), probe: teamRow, effect: (a) => expect(a.capacityHours).toBe(36), who: settingsRule },
  { surface: '/workload threshold', perform: workload('threshold 120'), probe: teamRow, effect: (a) => expect(a.overloadThreshold).toBe(120), who: settingsRule },
  { surface: '/workload dayhours', perform: workload('dayhours 7'), probe: teamRow, effect: (a) => expect(a.dayHours).toBe(7), who: settingsRule },
  { surface: '/workload unestimated', perform: workload('unestimated 6h'), probe: teamRow, effect: (a) => expect(a.defaultEstimateHours).toBe(6), who: settingsRule },
  { surface: '/digest post', perform: digest('post'), probe: digestCount, effect: (a, b) => expect(a).toBe(b + 1), allowedReply: /Posted #team's digest/, who: settingsRule },
  { surface: '/digest schedule', perform: digest('schedule thu 15:00'), probe: teamRow, effect: (a) => expect([a.digestDay, a.digestTime]).toEqual([4, '15:00']), who: settingsRule },
  { surface: '/coordinator retention', perform: coordinator('retention 12'), probe: teamRow, effect: (a) => expect(a.answerRetentionMonths).toBe(12), who: settingsRule },
  { surface: '/digest channel', perform: digest('channel <#CSTAKE|stakeholders>'), probe: teamRow, effect: (a) => expect(a.stakeholderChannelId).toBe('CSTAKE'), who: settingsRule },

  // Only for oneself: joining, leaving, skipping, time off.
  { surface: '/standup join (self)', perform: standup('join'), probe: roster, effect: (a, _b, ctx) => expect(a.some((r: string) => r.startsWith(`${ctx.uid}:P`))).toBe(true), who: everyone },
  {
    surface: '/standup leave (self)',
    perform: standup('leave'),
    probe: roster,
    effect: (a, b) => expect(b.filter((r: string) => !a.includes(r))).toEqual(['UMEM:P-:']),
    // Nobody else can be named; someone not answering is told so and nothing changes.
    who: { member: 'allowed', manager: /You weren't answering #team's standups/, admin: /You weren't answering #team's standups/, outsider: /You weren't answering #team's standups/ },
  },
  { surface: '/standup skip (self)', perform: standup('skip'), probe: entries, effect: (a, b) => expect([a.UMEM?.status, a.UREP]).toEqual(['skipped', b.UREP]), who: participantsOnly },
  { surface: '"Skip today" button (self)', perform: click('standup_skip', (ctx) => encodeRef({ teamId: ctx.team.id, date: DAY })), probe: entries, effect: (a, b) => expect([a.UMEM?.status, a.UREP]).toEqual(['skipped', b.UREP]), who: participantsOnly },
  { surface: '/standup away (self)', perform: standup('away 2026-12-21 2026-12-24'), probe: away, effect: (a, b, ctx) => expect(a.filter((x: string) => !b.includes(x)).map((x: string) => x.split(':').slice(1).join(':'))).toEqual([`${ctx.uid}:2026-12-21:2026-12-24`]), who: everyone },
  {
    surface: "/standup away cancel (someone else's time off)",
    setup: async (ctx) => void (ctx.awayId = (await h.services.repos.standups.addAway({ workspaceId: W, userId: 'UREP', fromDate: '2026-12-21', toDate: '2026-12-24' })).id),
    perform: standup((ctx) => `away cancel ${ctx.awayId}`),
    probe: away,
    effect: () => {},
    who: { member: /You have no time off numbered \d+/, manager: /You have no time off numbered \d+/, admin: /You have no time off numbered \d+/, outsider: /You have no time off numbered \d+/ },
  },
  {
    // People edit only their own answers: a submission naming UREP's team and day writes the submitter's own entry, never UREP's, and cannot resolve UREP's blocker.
    surface: "answer modal with another person's team/day and blocker",
    setup: async (ctx) => {
      await freshBlocker()(ctx);
      const qs = await h.services.repos.teams.questions(ctx.team.id);
      const r = await h.services.standups.submitAnswer({ workspaceId: W, userId: 'UREP' }, { teamId: ctx.team.id, date: DAY }, Object.fromEntries(qs.map((q, i) => [`q_${q.id}`, i === 2 ? 'none' : 'UREP original'])));
      if (!('entry' in r)) throw new Error('could not seed UREP answer');
    },
    perform: submitForeignAnswer,
    probe: async (ctx) => ({ entries: await entries(ctx), blocker: (await blockerRow(ctx)).status }),
    effect: (a, b, ctx) => {
      expect(a.entries.UREP).toEqual(b.entries.UREP);
      expect(a.entries[ctx.uid]).toEqual({ status: 'answered', answers: [`written by ${ctx.uid}`, `written by ${ctx.uid}`, 'none'] });
      expect(a.blocker).toBe('open');
    },
    allowedReply: /^$/,
    who: { member: 'allowed', manager: NOT_ANSWERING, admin: NOT_ANSWERING, outsider: NOT_ANSWERING },
  },

  // People's data: forgetting someone is for that person and workspace admins (not managers).
  {
    surface: '/coordinator forget @rep (confirmed)',
    setup: repAnswer,
    perform: forgetRep,
    probe: async (ctx) => (await entries(ctx)).UREP,
    effect: (a) => expect(a).toEqual({ status: 'answered', answers: [] }),
    allowedReply: /^:wastebasket: Forgot (<@UREP>|you): 1 answer cleared/,
    who: { member: FORGET, manager: FORGET, admin: 'allowed', outsider: FORGET, otherManager: FORGET, author: 'allowed' },
  },

  // Blockers: anyone raises; taking on is for members, managers, admins; resolving for reporter, owner on the team, managers, admins.
  { surface: '/blocker TEXT (raise)', perform: blocker((ctx) => `waiting on the vendor for keys ${ctx.n}`), probe: blockersOfTeam, effect: (a, b, ctx) => expect(a.filter((x: string) => !b.includes(x)).map((x: string) => x.split(':').slice(1).join(':'))).toEqual([`${ctx.uid}:open`]), allowedReply: /Raised blocker #\d+ in #team/, who: everyone },
  { surface: '/blocker resolve ID', setup: freshBlocker({ owned: true }), perform: blocker((ctx) => `resolve ${ctx.blockerId}`), probe: blockerRow, effect: (a, _b, ctx) => expect([a.status, a.resolvedBy]).toEqual(['resolved', ctx.uid]), allowedReply: /Resolved blocker #\d+/, who: blockerRule({}, RESOLVE) },
  { surface: '"Resolved" button (blocker_resolve)', setup: freshBlocker({ owned: true }), perform: click('blocker_resolve', (ctx) => String(ctx.blockerId)), probe: blockerRow, effect: (a, _b, ctx) => expect([a.status, a.resolvedBy]).toEqual(['resolved', ctx.uid]), allowedReply: /Resolved blocker #\d+/, who: blockerRule({}, RESOLVE) },
  { surface: '"Not a blocker" button (blocker_not)', setup: freshBlocker({ owned: true }), perform: click('blocker_not', (ctx) => String(ctx.blockerId)), probe: blockerRow, effect: (a, _b, ctx) => expect([a.status, a.resolvedBy]).toEqual(['dismissed', ctx.uid]), allowedReply: /marked as not a blocker/, who: blockerRule({}, DISMISS) },
  {
    surface: '"I\'ll help" button (blocker_help)',
    setup: freshBlocker(),
    perform: click('blocker_help', (ctx) => String(ctx.blockerId)),
    probe: blockerRow,
    effect: (a, _b, ctx) => expect([a.ownerId, a.status]).toEqual([ctx.uid, 'open']),
    allowedReply: /You're now the owner of blocker #\d+/,
    who: { member: 'allowed', manager: 'allowed', admin: 'allowed', outsider: HELP, otherManager: HELP },
  },

  // A doubtful line of an answer ("Is this a blocker?" in the author's DM) is tracked or dropped only by its author.
  { surface: '"Track it" button (blocker_track)', setup: doubtfulLine, perform: click('blocker_track', (ctx) => askValue(ctx.team.id, ctx.entryId, DOUBT)), probe: asked, effect: (a, b) => expect([a.blockers.length - b.blockers.length, a.corrections.length - b.corrections.length]).toEqual([1, 1]), allowedReply: /Tracking it as blocker #\d+/, who: { ...authorOnly } },
  { surface: '"Not a blocker" on the question (blocker_untracked)', setup: doubtfulLine, perform: click('blocker_untracked', (ctx) => askValue(ctx.team.id, ctx.entryId, DOUBT)), probe: asked, effect: (a, b) => expect([a.blockers.length - b.blockers.length, a.corrections.length - b.corrections.length]).toEqual([0, 1]), allowedReply: /Not tracked/, who: { ...authorOnly } },

  // Tasks: the assignee, who added it, or a manager (or an admin).
  { surface: '/task done ID', setup: freshTask, perform: task((ctx) => `done ${ctx.taskId}`), probe: taskRow, effect: (a) => expect(a.status).toBe('done'), allowedReply: /Done: #\d+/, who: taskRule },
  { surface: '/task start ID', setup: freshTask, perform: task((ctx) => `start ${ctx.taskId}`), probe: taskRow, effect: (a) => expect(a.status).toBe('in_progress'), allowedReply: /Started:/, who: taskRule },
  { surface: '/task assign ID @member', setup: freshTask, perform: task((ctx) => `assign ${ctx.taskId} <@UMEM>`), probe: taskRow, effect: (a) => expect(a.assigneeId).toBe('UMEM'), allowedReply: /is now <@UMEM>'s/, who: taskRule },
  { surface: '/task estimate ID', setup: freshTask, perform: task((ctx) => `estimate ${ctx.taskId} 5h`), probe: taskRow, effect: (a) => expect(a.estimateMinutes).toBe(300), who: taskRule },
];

type Row = { surface: string; who: Who; uid: string; outcome: Outcome; spec: Surface };
const rows: Row[] = table.flatMap((spec) => (Object.entries(spec.who) as [Who, Outcome][]).map(([who, outcome]) => ({ surface: spec.surface, who, uid: PEOPLE[who], outcome, spec })));

describe('permission matrix (README: Security model → Who may do what)', () => {
  beforeAll(async () => {
    h = await startHarness({ now: new Date(START).toISOString() });
    baseTeam = await seedTeam(h.db.db, h.fake, {
      name: '#team',
      members: [
        { id: 'UMGR', tz: 'UTC', name: 'Mara', manager: true },
        { id: 'UMGR2', tz: 'UTC', name: 'Mo', manager: true },
        { id: 'UMEM', tz: 'UTC', name: 'Mel' },
        { id: 'UREP', tz: 'UTC', name: 'Rey' },
        { id: 'UOWN', tz: 'UTC', name: 'Owen' },
      ],
      // The creator is someone else: the manager row tests the manager role, not the creator's.
      team: { createdBy: 'UFOUNDER', reminderMinutes: 120 },
    });
    // Known to Slack only (profiles are fetched and cached from users.info).
    // A manager of another team in the same workspace.
    await seedTeam(h.db.db, h.fake, { channelId: 'COTHER', name: '#other', members: [{ id: 'UOMGR', tz: 'UTC', name: 'Oli', manager: true }, { id: 'UOMEM', tz: 'UTC', name: 'Oma' }] });
    h.fake.addUser({ id: 'UADM', name: 'ada', tz: 'UTC', is_admin: true });
    h.fake.addUser({ id: 'UOUT', name: 'otto', tz: 'UTC' });
    h.fake.addUser({ id: 'UNEW', name: 'nia', tz: 'UTC' });
    baseMembers = await h.db.db.select().from(teamMembers).where(eq(teamMembers.teamId, baseTeam.id));
  });
  afterAll(() => h?.close());

  /** Back to the baseline team, so each row is independent of the others. */
  beforeEach(async () => {
    const db = h.db.db;
    rowNo += 1;
    // One minute per row: "/digest post" is keyed per minute.
    h.clock.set(new Date(START + rowNo * 60_000));
    const { id: _id, ...settings } = baseTeam;
    await db.update(teams).set(settings).where(eq(teams.id, baseTeam.id));
    await db.delete(teamMembers).where(eq(teamMembers.teamId, baseTeam.id));
    await db.insert(teamMembers).values(baseMembers);
    await db.delete(questions).where(eq(questions.teamId, baseTeam.id));
    await db.insert(questions).values(defaultQuestions.map((q, i) => ({ ...q, teamId: baseTeam.id, position: i })));
    await db.delete(awayPeriods);
    await db.delete(standupEntries).where(eq(standupEntries.teamId, baseTeam.id));
    // What the team's detection learnt from a previous row's correction.
    await db.delete(blockerCorrections).where(eq(blockerCorrections.teamId, baseTeam.id));
  });

  it('covers every surface for member, manager, workspace admin and outsider', () => {
    for (const s of table) for (const who of basic) expect(s.who[who], `${s.surface} × ${who}`).toBeDefined();
  });

  it.each(rows.map((r) => [r.surface, r.who, r.outcome === 'allowed' ? 'allowed' : 'refused', r] as const))('%s × %s → %s', async (_s, _w, _o, row) => {
    const ctx: Ctx = { team: (await h.services.repos.teams.findById(W, baseTeam.id))!, uid: row.uid, blockerId: 0, taskId: 0, awayId: 0, entryId: 0, n: rowNo };
    await row.spec.setup?.(ctx);
    const before = await row.spec.probe(ctx);
    const fpBefore = await fingerprint();
    // What a setup left pending on purpose (an answer nobody delivers) is not this row's to wait for.
    const pendingBefore = new Set((await h.db.db.select().from(deliveries)).filter((d) => d.status === 'pending').map((d) => d.key));
    const reply = await row.spec.perform(ctx);
    const after = await row.spec.probe(ctx);
    if (row.outcome === 'allowed') {
      if (row.spec.allowedReply) expect(reply).toMatch(row.spec.allowedReply);
      expect(reply).not.toMatch(/Only .* can|not answering|can take on/);
      row.spec.effect(after, before, ctx);
      await settle(pendingBefore);
    } else {
      expect(reply).toMatch(row.outcome);
      expect(after).toEqual(before);
      expect(await fingerprint()).toBe(fpBefore);
    }
  });
});
