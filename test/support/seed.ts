import { createServices, type ServiceDeps, type Services } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createWebClient } from '../../src/slack/gateway.ts';
import { createTick } from '../../src/tick/tick.ts';
import { defaultQuestions } from '../../src/teams/teams.repository.ts';
import { questions, teamMembers, teams, type NewTeam } from '../../src/teams/teams.schema.ts';
import { slackUsers, workspaces } from '../../src/workspaces/workspaces.schema.ts';
import type { Database } from '../../src/db/database.ts';
import type { FakeSlack } from './fake-slack.ts';

export type SeedMember = { id: string; tz: string; name?: string; manager?: boolean; participant?: boolean };

/**
 * Writes a team straight into the database (typed rows, as the app would have
 * stored them) and registers its people with the fake Slack.
 */
export async function seedTeam(db: Database, fake: FakeSlack | undefined, opts: { workspaceId?: string; channelId?: string; name?: string; members: SeedMember[]; team?: Partial<NewTeam>; createdAt?: Date }) {
  const workspaceId = opts.workspaceId ?? 'T0001';
  const createdAt = opts.createdAt ?? new Date('2026-01-01T00:00:00Z');
  await db.insert(workspaces).values({ id: workspaceId }).onConflictDoNothing();
  const [team] = await db
    .insert(teams)
    .values({ workspaceId, channelId: opts.channelId ?? 'CTEAM', name: opts.name ?? '#team', createdBy: opts.members.find((m) => m.manager)?.id ?? opts.members[0]!.id, timezone: 'UTC', createdAt, ...opts.team })
    .returning();
  const rows = opts.members.map((m) => ({ workspaceId, userId: m.id, name: m.name ?? m.id, tz: m.tz, refreshedAt: new Date('2100-01-01T00:00:00Z') }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(slackUsers).values(rows.slice(i, i + 500)).onConflictDoNothing();
  const memberRows = opts.members.map((m) => ({ teamId: team!.id, userId: m.id, isManager: m.manager ?? false, isParticipant: m.participant ?? !m.manager, joinedAt: createdAt }));
  for (let i = 0; i < memberRows.length; i += 500) await db.insert(teamMembers).values(memberRows.slice(i, i + 500));
  await db.insert(questions).values(defaultQuestions.map((q, i) => ({ ...q, teamId: team!.id, position: i })));
  for (const m of opts.members) fake?.addUser({ id: m.id, name: m.name ?? m.id, tz: m.tz });
  return team!;
}

/** A "process": its own services, clock and worker id over a shared database and Slack. */
export function createProcess(db: Database, fake: FakeSlack, opts: { now: string; worker?: string; webTimeoutMs?: number; renderChart?: () => Promise<Buffer>; pace?: ServiceDeps['pace'] }) {
  const clock = createTestClock(opts.now);
  const { logger, entries } = createRecordingLogger('debug');
  // Only an injected hang reaches this timeout (tests of hangs pass a short one): on a busy
  // machine the fake itself can take seconds, and a timeout there is a retry the test did not ask for.
  const web = createWebClient({ botToken: 'xoxb-test', apiUrl: fake.url, logger, clientOptions: { timeout: opts.webTimeoutMs ?? 30_000 } });
  const services: Services = createServices({ db, clock, logger, web, ...(opts.worker ? { worker: opts.worker } : {}), ...(opts.renderChart ? { renderChart: opts.renderChart } : {}), ...(opts.pace ? { pace: opts.pace } : {}) });
  const tick = createTick(services);
  return {
    services,
    clock,
    logs: entries,
    tick: (iso: string) => {
      clock.set(iso);
      return tick(new Date(iso));
    },
  };
}
