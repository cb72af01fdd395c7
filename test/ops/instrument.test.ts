import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { userError } from '../../src/shared/errors.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { busyText, createCapacityGuard } from '../../src/slack/capacity.ts';
import { userFacingMessage } from '../../src/slack/errors.ts';
import { createWorkTracker, instrumentListener, kindOf } from '../../src/slack/instrument.ts';

/** Listener-level: how each way a request can end is counted, and the work tracker. */
function setup() {
  const metrics = createMetrics();
  const work = createWorkTracker();
  const count = async (outcome: string) =>
    Number(new RegExp(`^coordinator_requests_total\\{type="command",kind="/x",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(await metrics.text())?.[1] ?? 0);
  const run = (listener: (args: { ack?: (r?: unknown) => Promise<void> }) => Promise<void>, ack = async (_reply?: unknown) => {}) =>
    instrumentListener('command', '/x', listener as never, { metrics, work })({ ack, context: {} });
  return { metrics, work, count, run };
}

describe('instrumented listeners', () => {
  it('count ok, user_error, slack_error, error and busy', async () => {
    const { count, run } = setup();
    const log = silentLogger();
    await run(async ({ ack }) => ack!());
    await run(async ({ ack }) => {
      await ack!();
      userFacingMessage(userError('team.not_found', 'No team here.'), log, {});
    });
    await run(async () => {
      userFacingMessage(Object.assign(new TypeError('fetch failed')), log, {});
    });
    await run(async () => {
      userFacingMessage(new Error('boom'), log, {});
    });
    await expect(run(async () => Promise.reject(new Error('thrown')))).rejects.toThrow('thrown');
    // No room: the guard answers "busy" in the ack and does nothing.
    const full = createCapacityGuard(0);
    let acked: unknown;
    await run(full.wrap(async () => {}) as never, async (reply) => void (acked = reply));
    expect(acked).toEqual({ response_type: 'ephemeral', text: busyText });
    expect([await count('ok'), await count('user_error'), await count('slack_error'), await count('error'), await count('busy')]).toEqual([1, 1, 1, 2, 1]);
  });

  it('times the ack and the answer; a reply in the ack is the answer', async () => {
    const { metrics, run } = setup();
    await run(async ({ ack }) => ack!({ text: 'usage' }));
    const text = await metrics.text();
    expect(text).toMatch(/^coordinator_ack_seconds_count\{type="command",kind="\/x"\} 1$/m);
    expect(text).toMatch(/^coordinator_answer_seconds_count\{type="command",kind="\/x"\} 1$/m);
  });

  it('tracks work until it ends', async () => {
    const { work, run } = setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const running = run(async ({ ack }) => {
      await ack!();
      await held;
    });
    expect(work.count).toBe(1);
    let idle = false;
    const waiting = work.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    release();
    await running;
    await waiting;
    expect(work.count).toBe(0);
  });

  it('labels constraints boundedly', () => {
    expect(kindOf('/standup')).toBe('/standup');
    expect(kindOf(/^blocker_raise_in_\d+$/)).toBe('/^blocker_raise_in_\\d+$/');
    expect(kindOf({ callback_id: 'task_from_message', type: 'message_action' })).toBe('task_from_message');
  });
});
