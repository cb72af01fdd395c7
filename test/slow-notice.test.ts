import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordingLogger } from '../src/shared/logger.ts';
import { slowNoticeMs, slowText, withSlowNotice } from '../src/slack/slow-notice.ts';

describe('withSlowNotice', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const { logger } = createRecordingLogger('debug');

  it('tells the person once when the work is still going after the notice time, and the answer still follows', async () => {
    const said: string[] = [];
    let finish!: () => void;
    const handler = withSlowNotice(async ({ respond }) => {
      await new Promise<void>((resolve) => (finish = resolve));
      await respond({ response_type: 'ephemeral', text: 'the answer' });
    }, logger);
    const running = handler({ respond: async (m) => void said.push(m.text) });
    await vi.advanceTimersByTimeAsync(slowNoticeMs - 1);
    expect(said).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(said).toEqual([slowText]);
    await vi.advanceTimersByTimeAsync(60_000);
    finish();
    await running;
    expect(said).toEqual([slowText, 'the answer']);
  });

  it('says nothing once the answer is out, however long the work goes on after it', async () => {
    const said: string[] = [];
    let finish!: () => void;
    const handler = withSlowNotice(async ({ respond }) => {
      await respond({ response_type: 'ephemeral', text: 'Raised blocker #3' });
      await new Promise<void>((resolve) => (finish = resolve)); // posting the announcement, slowly
    }, logger);
    const running = handler({ respond: async (m) => void said.push(m.text) });
    await vi.advanceTimersByTimeAsync(slowNoticeMs * 3);
    finish();
    await running;
    expect(said).toEqual(['Raised blocker #3']);
  });

  it('says nothing extra when the work ends in time, even if it failed', async () => {
    const said: string[] = [];
    const ok = withSlowNotice(async ({ respond }) => void (await respond({ response_type: 'ephemeral', text: 'done' })), logger);
    await ok({ respond: async (m) => void said.push(m.text) });
    const failing = withSlowNotice(async () => {
      throw new Error('boom');
    }, logger);
    await expect(failing({ respond: async (m) => void said.push(m.text) })).rejects.toThrow('boom');
    await vi.advanceTimersByTimeAsync(slowNoticeMs * 2);
    expect(said).toEqual(['done']);
  });
});
