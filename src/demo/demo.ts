/**
 * `npm run demo`: the whole product, with no Slack workspace. The real app runs in HTTP
 * mode on embedded PGlite (in a temporary directory) against the in-process Slack
 * simulator; a scripted fortnight of a six-person team in four time zones is played
 * through signed requests and scheduler ticks. What people would see in Slack is printed
 * as a transcript and written to demo-output/index.html, with the digest charts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { connectPglite } from '../db/connect.ts';
import { createServices } from '../services.ts';
import { createTestClock } from '../shared/clock.ts';
import { createLogger, type LogSink } from '../shared/logger.ts';
import { createTick } from '../tick/tick.ts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../simulator/fake-slack.ts';
import { createSlackSender, startResponseCatcher, type SlackSender } from '../simulator/signer.ts';
import { singleWorkspace } from '../slack/workspace-gate.ts';
import { createSlackApp } from '../slack/app.ts';
import { createWebClient } from '../slack/gateway.ts';
import { actions } from '../slack/ids.ts';
import { emoji, renderHtml, type DemoEvent } from './demo.html.ts';

type Io = { out: (s: string) => void; err: (s: string) => void };

const people = [
  { id: 'UMARA', name: 'Mara (lead)', tz: 'Europe/Berlin' },
  { id: 'UANA', name: 'Ana', tz: 'Europe/Berlin' },
  { id: 'UBEN', name: 'Ben', tz: 'Europe/Berlin' },
  { id: 'UCHEN', name: 'Chen', tz: 'Asia/Tokyo' },
  { id: 'UDIVYA', name: 'Divya', tz: 'Asia/Kolkata' },
  { id: 'UELI', name: 'Eli', tz: 'America/New_York' },
] as const;
type PersonId = (typeof people)[number]['id'];
const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
const channels: Record<string, string> = { CTEAM: '#team-payments', CSTAKE: '#payments-stakeholders' };

/** What each person works on, day by day: their answers follow from it. */
const plans: Record<PersonId, string[]> = {
  UMARA: ['Sprint planning', 'Hiring loop', 'Roadmap review', '1:1s', 'Stakeholder sync', 'Quarterly goals', 'Budget', 'Interviews', 'Retro', 'Planning'],
  UANA: ['Checkout form validation', 'Staging deploy of checkout', 'Checkout QA fixes', 'Release notes', 'Checkout release', 'Checkout metrics', 'A/B test setup', 'Bug bash', 'Docs', 'Demo prep'],
  UBEN: ['CI pipeline caching', 'Flaky test hunt', 'Terraform for staging', 'Staging DB access for the team', 'Observability dashboards', 'Alerting rules', 'Runbooks', 'On-call handover', 'Cost review', 'Cleanup'],
  UCHEN: ['Payment API design', 'Payment API endpoints', 'Refund flow', 'Load tests', 'Payment API review', 'Webhooks', 'Idempotency keys', 'Retries', 'API docs', 'SDK update'],
  UDIVYA: ['Fraud rules engine', 'Rules backtesting', 'Model thresholds', 'Fraud dashboard', 'Handover notes', '—', '—', '—', '—', '—'],
  UELI: ['Mobile checkout screen', 'Apple Pay button', 'Android payment sheet', 'Accessibility pass', 'App store build', 'Crash fixes', 'Deep links', 'Mobile QA', 'Release', 'Polish'],
};

/** Exceptions to "answers a few minutes after the prompt". Keys are `person:date`. */
const script: Record<string, 'skip' | 'ignore' | 'after-reminder' | { blockers: string; keep?: number[] } | { untick: true }> = {
  'UANA:2026-12-01': { blockers: '- waiting on staging DB access from IT' },
  'UELI:2026-12-01': 'after-reminder',
  'UELI:2026-12-02': 'skip',
  'UBEN:2026-12-03': 'ignore',
  'UANA:2026-12-08': { untick: true },
  'UCHEN:2026-12-09': { blockers: 'Payment provider sandbox is down' },
};

/** Eli's calendar, served by a local server: an all-day "Out of office" on Thu 10 and Fri 11 Dec. */
const eliCalendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Coordinator demo//EN',
  'BEGIN:VEVENT',
  'UID:eli-ooo@demo',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20261210',
  'DTEND;VALUE=DATE:20261212',
  'SUMMARY:Out of office - family visit',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

function dayIndex(date: string): number {
  const d = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse('2026-11-30T00:00:00Z')) / 86400_000);
  return d < 5 ? d : d - 2;
}

export async function runDemo(opts: { env: Record<string, string | undefined>; io: Io; outDir?: string }): Promise<number> {
  const started = Date.now();
  const { io } = opts;
  const outDir = resolve(opts.outDir ?? 'demo-output');
  const dataDir = mkdtempSync(join(tmpdir(), 'coordinator-demo-'));
  const problems: string[] = [];
  const sink: LogSink = (e) => {
    if (e.level === 'error' || e.level === 'warn') problems.push(`${e.level} [${e.namespace}] ${e.message}`);
  };
  const logger = createLogger({ level: 'warn', sink });

  const connection = await connectPglite(dataDir);
  await connection.migrate();
  const fake: FakeSlack = await startFakeSlack({ teamDomain: 'acme', triggerTtlMs: null });
  for (const p of people) fake.addUser({ id: p.id, name: p.name.toLowerCase().split(' ')[0]!, real_name: p.name, tz: p.tz });
  fake.addChannel({ id: 'CTEAM', name: 'team-payments' });
  fake.addChannel({ id: 'CSTAKE', name: 'payments-stakeholders' });
  const catcher = await startResponseCatcher();
  const clock = createTestClock('2026-11-29T17:00:00Z');
  const web = createWebClient({ botToken: 'xoxb-demo', apiUrl: fake.url, logger });
  // The demo's calendar feed lives on this machine: http and loopback allowed, as CALENDAR_ALLOW_INSECURE=1.
  const calendarServer = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/calendar', etag: '"demo"' }).end(eliCalendar));
  await new Promise<void>((r) => calendarServer.listen(0, '127.0.0.1', r));
  const calendarUrl = `http://127.0.0.1:${(calendarServer.address() as AddressInfo).port}/eli/basic.ics`;
  const services = createServices({ db: connection.db, clock, logger, web, worker: 'demo', calendar: { allowInsecure: true } });
  const signingSecret = 'demo-signing-secret';
  const slack = createSlackApp({ botToken: 'xoxb-demo', signingSecret, apiUrl: fake.url, logger, deps: { services, clock, logger }, bot: { userId: fake.botUserId, botId: fake.botId }, workspaces: singleWorkspace({ teamId: fake.teamId }) });
  const { port } = await slack.start(0);
  const sender: SlackSender = createSlackSender({ baseUrl: `http://127.0.0.1:${port}`, signingSecret, responseUrl: catcher.url });
  const tick = createTick(services);

  const events: DemoEvent[] = [];
  const transcript: string[] = [];
  let seen = 0;
  let replies = 0;
  const pendingClicks: string[] = [];
  const when = () => DateTime.fromJSDate(clock.now(), { zone: 'Europe/Berlin' }).toFormat('ccc d LLL HH:mm');
  const local = (userId: string) => {
    const p = people.find((x) => x.id === userId);
    return p && p.tz !== 'Europe/Berlin' ? ` (${DateTime.fromJSDate(clock.now(), { zone: p.tz }).toFormat('HH:mm')} for ${p.name.split(' ')[0]} in ${p.tz})` : '';
  };
  const where = (channel: string, threadTs?: string) => {
    const base = channel.startsWith('D') ? `DM to ${nameOf(channel.slice(1))}` : (channels[channel] ?? channel);
    return threadTs ? `${base}, in the thread` : base;
  };
  const summary = (text: string) => {
    const oneLine = text
      .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => emoji[name] ?? m)
      .replace(/\*|_|~|`/g, '').replace(/<@(\w+)(\|[^>]*)?>/g, (_, id) => `@${nameOf(id)}`).replace(/<#(\w+)(\|[^>]*)?>/g, (_, id) => channels[id] ?? '#channel').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
    return oneLine.length > 150 ? `${oneLine.slice(0, 149)}…` : oneLine;
  };
  const say = (line: string, event?: DemoEvent) => {
    transcript.push(line);
    io.out(line);
    if (event) events.push(event);
  };
  const blocksText = (args: Record<string, unknown>) => visible(args.blocks) || String(args.text ?? '');

  /** Turns what the app just sent to Slack into transcript lines and page entries. */
  function capture() {
    // Replies to clicks, through their response_url: only the clicker sees them.
    for (const r of catcher.received.slice(replies)) {
      const who = pendingClicks.shift();
      const b = r.body as { text?: string; blocks?: unknown };
      const text = visible(b.blocks) || b.text || '';
      if (who && text) say(`${when()}  only ${nameOf(who)} sees: ${summary(text)}`, { at: when(), where: `only ${nameOf(who)} sees`, text, blocks: b.blocks, kind: 'ephemeral' });
    }
    replies = catcher.received.length;
    const calls: RecordedCall[] = fake.calls.slice(seen);
    seen = fake.calls.length;
    for (const c of calls) {
      if (c.failed) continue;
      const a = c.args;
      const at = when();
      switch (c.method) {
        case 'chat.postMessage': {
          const channel = String(a.channel);
          const label = where(channel.startsWith('U') ? `D${channel}` : channel, a.thread_ts as string | undefined);
          const text = blocksText(a);
          say(`${at}  ${label}${channel.startsWith('D') ? local(channel.slice(1)) : ''}: ${summary(text)}`, { at, where: label, text, blocks: a.blocks, kind: 'message' });
          break;
        }
        case 'chat.update':
          say(`${at}  ${where(String(a.channel))} (message updated): ${summary(blocksText(a))}`, { at, where: `${where(String(a.channel))} · updated`, text: blocksText(a), blocks: a.blocks, kind: 'update' });
          break;
        case 'chat.postEphemeral':
          say(`${at}  only ${nameOf(String(a.user))} sees, in ${where(String(a.channel))}: ${summary(blocksText(a))}`, { at, where: `only ${nameOf(String(a.user))} sees`, text: blocksText(a), blocks: a.blocks, kind: 'ephemeral' });
          break;
        case 'files.completeUploadExternal': {
          const file = fake.files().at(-1);
          if (file) {
            const png = `chart-${events.filter((e) => e.kind === 'chart').length + 1}.png`;
            writeFileSync(join(outDir, png), file.bytes);
            say(`${at}  ${where(String(a.channel_id), a.thread_ts as string)}: chart uploaded (${png})`, { at, where: where(String(a.channel_id), a.thread_ts as string), text: file.title, kind: 'chart', image: png });
          }
          break;
        }
      }
    }
  }

  async function command(user: PersonId, command: string, text: string, channel = 'CTEAM') {
    say(`${when()}  ${nameOf(user)} types: ${command} ${summary(text)}`, { at: when(), where: where(channel), text: `${command} ${text}`, kind: 'command', who: nameOf(user) });
    const res = await sender.command({ command, text, user_id: user, channel_id: channel, channel_name: channels[channel]?.slice(1) ?? 'directmessage' });
    let reply: unknown = res.body ? JSON.parse(res.body) : undefined;
    if (!reply && res.responseUrl) {
      const id = res.responseUrl.split('/respond/')[1]!;
      reply = (await catcher.waitFor((r) => r.id === id, 5000).catch(() => undefined))?.body;
    }
    replies = catcher.received.length;
    capture();
    if (reply && typeof reply === 'object') {
      const r = reply as { text?: string; blocks?: unknown };
      const text = visible(r.blocks) || r.text || '';
      say(`${when()}  only ${nameOf(user)} sees: ${summary(text)}`, { at: when(), where: `only ${nameOf(user)} sees`, text, blocks: r.blocks, kind: 'ephemeral' });
    }
  }

  /** A member opens the modal from the prompt and submits it: the real listeners, signed requests. */
  async function answer(user: PersonId, date: string) {
    const rule = script[`${user}:${date}`];
    const prompt = fake.messages(`D${user}`).filter((m) => JSON.stringify(m.blocks ?? []).includes(actions.promptAnswer)).at(-1);
    if (!prompt) return;
    const value = findButton(prompt.blocks, actions.promptAnswer);
    if (rule === 'skip') {
      say(`${when()}  ${nameOf(user)} clicks "Skip today"`);
      pendingClicks.push(user);
      const click = await sender.blockAction({ user_id: user, action_id: actions.promptSkip, value: findButton(prompt.blocks, actions.promptSkip) ?? value!, channel_id: `D${user}`, message_ts: prompt.ts });
      await catcher.waitFor((r) => r.id === click.responseUrl?.split('/respond/')[1], 5000).catch(() => undefined);
      capture();
      return;
    }
    const before = fake.callsTo('views.open').length;
    await sender.blockAction({ user_id: user, action_id: actions.promptAnswer, value: value!, channel_id: `D${user}`, message_ts: prompt.ts });
    const opened = await fake.waitForCall('views.open', (c) => fake.callsTo('views.open').indexOf(c) >= before, { timeoutMs: 5000 });
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string; element?: { initial_value?: string; initial_options?: { value: string }[] } }[] };
    const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id?.startsWith('q_'));
    const i = dayIndex(date);
    const list = plans[user];
    const done = inputs[0]?.element?.initial_value ?? list[Math.max(0, i - 1)]!;
    const blockers = rule && typeof rule === 'object' && 'blockers' in rule ? rule.blockers : 'none';
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    [done, list[i] ?? 'Catching up', blockers].forEach((v, k) => {
      if (inputs[k]) state[inputs[k]!.block_id!] = { answer: { type: 'plain_text_input', value: v } };
    });
    const carry = view.blocks.find((b) => b.block_id === 'carry_blockers');
    if (carry) {
      const keep = rule && typeof rule === 'object' && 'untick' in rule ? [] : (carry.element?.initial_options ?? []);
      state.carry_blockers = { carry: { type: 'checkboxes', selected_options: keep } };
    }
    say(`${when()}  ${nameOf(user)} answers in the modal${carry ? (rule && typeof rule === 'object' && 'untick' in rule ? ' and unticks "still blocking me" (resolved)' : ', still blocked') : ''}`);
    await sender.viewSubmission({ user_id: user, callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });
    await new Promise((r) => setTimeout(r, 30));
    capture();
  }

  try {
    mkdirSync(outDir, { recursive: true });
    io.out('Coordinator demo — a fortnight of #team-payments, played on a simulated Slack (times are Berlin time).\n');

    // Sunday evening: Mara sets the team up by command.
    await command('UMARA', '/standup', 'members add <@UMARA> <@UANA> <@UBEN> <@UCHEN> <@UDIVYA> <@UELI>');
    await command('UMARA', '/standup', 'schedule 09:30 mon-fri');
    await command('UMARA', '/standup', 'reminder 90m');
    await command('UMARA', '/digest', 'channel <#CSTAKE|payments-stakeholders>');
    await command('UMARA', '/digest', 'schedule fri 16:00');
    // Ben works from Milan: Italy's public holidays (Tue 8 Dec) are his days off.
    await command('UBEN', '/standup', 'holidays IT');

    const answered = new Set<string>();
    const remindersSeen = new Set<string>();
    for (let t = Date.parse('2026-11-29T18:00:00Z'); t <= Date.parse('2026-12-11T23:30:00Z'); t += 30 * 60_000) {
      clock.set(new Date(t));
      await tick(new Date(t));
      capture();
      clock.set(new Date(t + 5 * 60_000));
      const berlin = DateTime.fromMillis(t, { zone: 'Europe/Berlin' });

      // Monday morning: work is planned, and one person gets too much of it.
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-11-30 10:00') {
        await command('UMARA', '/task', 'add Payment API endpoints <@UCHEN> 2d due 2026-12-03');
        await command('UMARA', '/task', 'add Refund flow <@UCHEN> 16h due 2026-12-04');
        await command('UMARA', '/task', 'add Load tests for payments <@UCHEN> 12h');
        await command('UANA', '/task', 'add Checkout release notes 4h due 2026-12-04');
        await command('UBEN', '/task', 'add Staging DB access for the team 1d due 2026-12-04');
      }
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-11-30 18:00') await command('UCHEN', '/task', 'estimate 1 8h');
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-01 11:00') await command('UMARA', '/workload', '');
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-03 10:00') {
        await command('UBEN', '/blocker', 'list');
        const listed = findButton(events.at(-1)?.blocks, actions.blockerHelp);
        if (listed) {
          say(`${when()}  Ben clicks "I'll help" on blocker #${listed}`);
          pendingClicks.push('UBEN');
          const click = await sender.blockAction({ user_id: 'UBEN', action_id: actions.blockerHelp, value: listed, channel_id: 'CTEAM', message_ts: '1.1' });
          await catcher.waitFor((r) => r.id === click.responseUrl?.split('/respond/')[1], 5000).catch(() => undefined);
          capture();
        }
        await command('UCHEN', '/task', 'done 3');
      }
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-02 17:00') await command('UCHEN', '/task', 'done 1');
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-07 10:00') {
        await command('UMARA', '/task', 'add Webhooks for refunds <@UCHEN> 3d due 2026-12-11');
        await command('UMARA', '/task', 'add Alerting rules <@UBEN> 2d due 2026-12-10');
        // A delivery date to work towards, with this week's two tasks on it, and a risk to it:
        // the forecast and the risk come back in Friday's digest.
        await command('UMARA', '/milestone', 'add "Refunds GA" 2026-12-11 budget 60h');
        await command('UMARA', '/task', 'milestone 6 "Refunds GA"');
        await command('UMARA', '/task', 'milestone 7 "Refunds GA"');
        await command('UANA', '/risk', 'add Card network sign-off may come late likelihood 4 impact 4 owner <@UBEN> milestone 1 mitigation ask for a provisional sign-off');
        await command('UMARA', '/milestone', 'list');
      }
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-10 17:00') await command('UBEN', '/task', 'done 7');
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-04 11:00') {
        await command('UDIVYA', '/standup', 'away 2026-12-07 2026-12-11');
        await command('UCHEN', '/task', 'done 2');
        await command('UBEN', '/task', 'done 5');
        await command('UANA', '/task', 'done 4');
      }
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-04 15:00') await command('UMARA', '/digest', 'preview');
      // Eli connects his calendar: its out-of-office days become days off, nobody types them.
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-04 16:00') await command('UELI', '/standup', `calendar ${calendarUrl}`);
      if (berlin.toFormat('yyyy-MM-dd HH:mm') === '2026-12-08 11:00') await command('UMARA', '/standup', 'status');

      // People answer their prompts a few minutes after they arrive, as scripted.
      for (const p of people) {
        const prompts = fake.messages(`D${p.id}`).filter((m) => JSON.stringify(m.blocks ?? []).includes(actions.promptAnswer) && /Standup for/.test(m.text));
        const last = prompts.at(-1);
        if (!last) continue;
        const date = /· (\w{3} \d+ \w{3})/.exec(last.text)?.[1];
        const iso = date ? DateTime.fromFormat(`${date} 2026`, 'ccc d LLL yyyy', { zone: 'UTC' }).toISODate() : undefined;
        if (!iso || answered.has(`${p.id}:${iso}`)) continue;
        const rule = script[`${p.id}:${iso}`];
        if (rule === 'ignore') continue;
        if (rule === 'after-reminder') {
          const reminded = fake.messages(`D${p.id}`).some((m) => /still open/.test(m.text) && m.text.includes(date!));
          if (!reminded) continue;
          if (!remindersSeen.has(`${p.id}:${iso}`)) {
            remindersSeen.add(`${p.id}:${iso}`);
            continue; // answers at the next half hour
          }
        }
        answered.add(`${p.id}:${iso}`);
        await answer(p.id, iso);
      }
    }

    const digests = fake.messages('CSTAKE').filter((m) => /Weekly digest/.test(m.text) && (!m.thread_ts || m.thread_ts === m.ts));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.out('');
    io.out(`Done in ${seconds} s: ${fake.callsTo('chat.postMessage').filter((c) => !c.failed).length} messages, ${digests.length} weekly digests, ${fake.files().length} charts.`);
    writeFileSync(join(outDir, 'index.html'), renderHtml({ title: 'Coordinator demo — a fortnight of #team-payments', events, names: Object.fromEntries(people.map((p) => [p.id, p.name])), channels }));
    writeFileSync(join(outDir, 'transcript.txt'), `${transcript.join('\n')}\n`);
    io.out(`Wrote ${join(outDir, 'index.html')} (every message and the charts) and transcript.txt.`);
    if (problems.length) io.err(`The app logged ${problems.length} warnings; first: ${problems[0]}`);
    return 0;
  } finally {
    await slack.stop().catch(() => {});
    await catcher.close();
    await fake.close();
    await new Promise((r) => calendarServer.close(r));
    await connection.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function findButton(blocks: unknown, actionId: string): string | undefined {
  let found: string | undefined;
  const walk = (v: unknown) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.action_id === actionId && typeof o.value === 'string') found = o.value;
    Object.values(o).forEach(walk);
  };
  walk(blocks);
  return found;
}

function visible(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.type === 'button') return;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
  };
  walk(blocks);
  return out.join('\n');
}
