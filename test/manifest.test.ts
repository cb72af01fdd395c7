import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registerListeners, type Registrar } from '../src/slack/listeners.ts';
import { createRecordingRegistrar } from './support/registrar.ts';
import { createServices } from '../src/services.ts';
import { createTestClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { botScopes, redirectPath } from '../src/slack/oauth.ts';

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));

describe('manifest.json matches what the app registers', () => {
  const recorder = createRecordingRegistrar();
  const clock = createTestClock('2026-12-01T00:00:00Z');
  // Registration only stores its dependencies; no database or Slack call happens here.
  const services = createServices({ db: undefined as never, web: undefined as never, clock, logger: silentLogger() });
  registerListeners(recorder as unknown as Registrar, { services, clock, logger: silentLogger() });

  it('declares exactly the slash commands the app handles, each escaping mentions', () => {
    const declared = (manifest.features.slash_commands as { command: string; should_escape: boolean }[]).map((c) => c.command).sort();
    expect(declared).toEqual([...recorder.commands].sort());
    for (const c of manifest.features.slash_commands) expect(c.should_escape).toBe(true);
  });

  it('subscribes to exactly the events the app listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...recorder.events].sort());
  });

  it('enables interactivity exactly when the app has actions, views or shortcuts', () => {
    const interactive = recorder.actions.length + recorder.views.length + recorder.shortcuts.length > 0;
    expect(manifest.settings.interactivity.is_enabled).toBe(interactive);
  });

  it('declares exactly the shortcuts the app handles', () => {
    const declared = ((manifest.features.shortcuts ?? []) as { callback_id: string }[]).map((s) => s.callback_id).sort();
    expect(declared).toEqual([...recorder.shortcuts].sort());
  });

  it('turns the Home tab on exactly when the app publishes Home views (app_home_opened), and keeps the Messages tab for DMs', () => {
    const home = manifest.features.app_home as { home_tab_enabled: boolean; messages_tab_enabled: boolean } | undefined;
    expect(Boolean(home?.home_tab_enabled)).toBe(recorder.events.includes('app_home_opened'));
    expect(recorder.events).toContain('app_home_opened');
    // Prompts, reminders and replies to Home buttons arrive in the Messages tab.
    expect(home?.messages_tab_enabled).toBe(true);
  });

  it('points every request URL at /slack/events', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
  });

  it('asks for the scopes the app uses', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'files:write']),
    );
  });

  it('asks an OAuth install for exactly the manifest’s bot scopes, and names the redirect route', () => {
    expect([...botScopes].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    const redirects = manifest.oauth_config.redirect_urls as string[];
    expect(redirects.length).toBeGreaterThan(0);
    for (const url of redirects) expect(new URL(url).pathname).toBe(redirectPath);
  });
});
