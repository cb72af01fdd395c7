import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as milestoneCases from '../../src/milestones/milestones.usecases.ts';
import { createMilestonesRepository } from '../../src/milestones/milestones.repository.ts';
import { createDeliveriesRepository } from '../../src/outbox/deliveries.repository.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import * as privacyCases from '../../src/privacy/privacy.usecases.ts';
import { createPrivacyRepository } from '../../src/privacy/privacy.repository.ts';
import { createRequestsRepository } from '../../src/requests/requests.repository.ts';
import * as riskCases from '../../src/risks/risks.usecases.ts';
import { createRisksRepository } from '../../src/risks/risks.repository.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { isRefused } from '../../src/shared/errors.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStandupsRepository } from '../../src/standups/standups.repository.ts';
import { createTeamsRepository } from '../../src/teams/teams.repository.ts';
import type { Team } from '../../src/teams/teams.schema.ts';
import { createWorkloadRepository } from '../../src/workload/workload.repository.ts';
import { createUsersService } from '../../src/workspaces/users.service.ts';
import { createWorkspacesRepository } from '../../src/workspaces/workspaces.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedTeam } from '../support/seed.ts';

/**
 * The milestone, risk and privacy use cases called as plain functions with the dependencies they
 * name, on a real database: what they refuse is thrown as data (`refused({ code, … })`: who, which
 * team, which number), never as a sentence, and nothing is written. The wording is slack/blocks' (pure tests in
 * test/slack/milestone-risk-privacy.replies.test.ts); the end-to-end tests hold it through Slack.
 */
/** The refusal a use case threw (its data, exactly); fails if it did not refuse or threw something else. */
const refusalOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (r) => {
      throw new Error(`not refused: ${JSON.stringify(r)}`);
    },
    (err: unknown) => {
      if (!isRefused(err)) throw err;
      return err.refusal;
    },
  );

describe('milestone, risk and privacy use cases refuse with data', () => {
  let db: TestDatabase;
  let team: Team;
  let milestoneDeps: milestoneCases.MilestoneDeps;
  let riskDeps: riskCases.RiskDeps;
  let privacyDeps: privacyCases.PrivacyDeps;
  const W = 'T0001';
  const ana = { workspaceId: W, userId: 'UANA' };
  const outsider = { workspaceId: W, userId: 'UOUT' };
  const count = async () => ({ milestones: (await milestoneDeps.milestones.openOfTeam(team.id)).length, risks: (await riskDeps.risks.allOfTeam(team.id, 100)).length, queued: (await db.db.select().from(deliveries)).length });

  beforeAll(async () => {
    db = await createTestDatabase();
    team = await seedTeam(db.db, undefined, { workspaceId: W, name: '#alpha', members: [{ id: 'UMGR', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }, { id: 'UBO', tz: 'UTC' }] });
    // Profiles are read from the database; nobody here may reach Slack.
    await seedTeam(db.db, undefined, { workspaceId: W, channelId: 'COTHER', name: '#other', members: [{ id: 'UOUT', tz: 'UTC' }] });
    const clock = createTestClock('2026-11-30T09:00:00Z');
    const logger = silentLogger();
    const users = createUsersService({ workspaces: createWorkspacesRepository({ db: db.db }), web: async () => Promise.reject(new Error('no Slack in this test')), clock, logger });
    const milestones = createMilestonesRepository({ db: db.db });
    const deliveriesRepo = createDeliveriesRepository({ db: db.db });
    milestoneDeps = {
      milestones,
      workload: createWorkloadRepository({ db: db.db }),
      teams: createTeamsRepository({ db: db.db }),
      standups: createStandupsRepository({ db: db.db }),
      deliveries: deliveriesRepo,
      users,
      clock,
      transaction: (fn) => db.db.transaction((tx) => fn({ milestones: createMilestonesRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }) })),
    };
    riskDeps = { risks: createRisksRepository({ db: db.db }), milestones, teams: milestoneDeps.teams, deliveries: deliveriesRepo, users, clock };
    privacyDeps = {
      privacy: createPrivacyRepository({ db: db.db }),
      users,
      deliveries: deliveriesRepo,
      clock,
      logger,
      transaction: (fn) => db.db.transaction((tx) => fn({ privacy: createPrivacyRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
    };
  });
  afterAll(() => db?.close());

  it('milestones: added as data with its forecast; each refusal says why, and nothing more is stored', async () => {
    const added = await milestoneCases.add(milestoneDeps, ana, team, { name: 'Beta', targetDate: '2026-12-18' });
    expect(added).toMatchObject({ kind: 'added', milestone: { name: 'Beta', createdBy: 'UANA' }, forecast: { status: 'on-track', target: '2026-12-18' } });
    const id = added.milestone.id;
    const before = await count();

    expect(await refusalOf(milestoneCases.add(milestoneDeps, outsider, team, { name: 'Gamma', targetDate: '2026-12-18' }))).toEqual({ code: 'milestone.forbidden', action: 'add', teamName: '#alpha' });
    expect(await refusalOf(milestoneCases.add(milestoneDeps, ana, team, { name: 'Gamma', targetDate: '2026-11-29' }))).toEqual({ code: 'milestone.past', teamName: '#alpha', date: '2026-11-29' });
    expect(await refusalOf(milestoneCases.add(milestoneDeps, ana, team, { name: 'beta', targetDate: '2026-12-18' }))).toEqual({ code: 'milestone.exists', teamName: '#alpha', name: 'Beta', existingId: id });
    expect(await refusalOf(milestoneCases.resolve(milestoneDeps, team, { name: 'Nope' }))).toEqual({ code: 'milestone.not_found', teamName: '#alpha', ref: { name: 'Nope' } });
    expect(await refusalOf(milestoneCases.resolve(milestoneDeps, team, { name: 'Nope' }, { afterFor: true }))).toEqual({ code: 'milestone.not_found', teamName: '#alpha', ref: { name: 'Nope' }, afterFor: true });
    expect(await refusalOf(milestoneCases.show(milestoneDeps, team, { id: id + 100 }))).toEqual({ code: 'milestone.not_found', teamName: '#alpha', ref: { id: id + 100 } });
    expect(await refusalOf(milestoneCases.move(milestoneDeps, { workspaceId: W, userId: 'UBO' }, team, { id }, '2027-01-15'))).toEqual({ code: 'milestone.forbidden', action: 'change', teamName: '#alpha', milestoneId: id, createdBy: 'UANA' });
    expect(await refusalOf(milestoneCases.move(milestoneDeps, ana, team, { id }, '2026-11-01'))).toEqual({ code: 'milestone.past', teamName: '#alpha', date: '2026-11-01' });
    expect(await count()).toEqual(before);
    expect(await milestoneCases.resolve(milestoneDeps, team, { id })).toMatchObject({ id, name: 'Beta', state: 'open' });

    expect(await milestoneCases.done(milestoneDeps, { workspaceId: W, userId: 'UMGR' }, team, { id })).toMatchObject({ kind: 'marked-done', milestone: { id, state: 'done' }, openTasks: 0 });
    expect(await refusalOf(milestoneCases.setBudget(milestoneDeps, ana, team, { id }, 600))).toEqual({ code: 'milestone.done', milestoneId: id, name: 'Beta' });
    expect(await milestoneCases.show(milestoneDeps, team, { id })).toMatchObject({ kind: 'shown', teamName: '#alpha', item: { milestone: { id, state: 'done' } } });
  });

  it('risks: added, updated and closed as data; each refusal names who may, and nothing changes', async () => {
    const added = await riskCases.add(riskDeps, ana, team, { text: 'Vendor slips', likelihood: 3, impact: 5, ownerId: 'UBO' });
    expect(added).toMatchObject({ kind: 'added', risk: { text: 'Vendor slips', ownerId: 'UBO', createdBy: 'UANA', milestoneName: null } });
    const id = added.risk.id;
    const before = await count();

    expect(await refusalOf(riskCases.add(riskDeps, outsider, team, { text: 'Scope creep', likelihood: 2, impact: 2 }))).toEqual({ code: 'risk.forbidden', action: 'add', teamName: '#alpha' });
    expect(await refusalOf(riskCases.add(riskDeps, ana, team, { text: 'Scope creep', likelihood: 2, impact: 2, milestone: { name: 'Nope' } }))).toEqual({ code: 'risk.milestone_not_found', teamName: '#alpha', ref: { name: 'Nope' } });
    expect(await refusalOf(riskCases.close(riskDeps, ana, team, id + 100))).toEqual({ code: 'risk.not_found', teamName: '#alpha', riskId: id + 100 });
    expect(await refusalOf(riskCases.update(riskDeps, outsider, team, id, { likelihood: 1 }))).toEqual({ code: 'risk.forbidden', action: 'change', riskId: id, createdBy: 'UANA', ownerId: 'UBO' });
    expect(await count()).toEqual(before);

    expect(await riskCases.update(riskDeps, { workspaceId: W, userId: 'UBO' }, team, id, { likelihood: 2 })).toMatchObject({ kind: 'updated', risk: { id, likelihood: 2 } });
    expect(await riskCases.close(riskDeps, ana, team, id)).toMatchObject({ kind: 'closed', risk: { id, state: 'closed' } });
    expect(await refusalOf(riskCases.close(riskDeps, ana, team, id))).toEqual({ code: 'risk.closed', riskId: id, action: 'close' });
    expect(await refusalOf(riskCases.update(riskDeps, ana, team, id, { impact: 1 }))).toEqual({ code: 'risk.closed', riskId: id, action: 'update' });
  });

  it("privacy: someone else's export or forget is refused as data, and nothing is queued or touched", async () => {
    const before = await count();
    expect(await refusalOf(privacyCases.requestExport(privacyDeps, ana, { userId: 'UBO' }))).toEqual({ code: 'privacy.forbidden', target: 'UBO', action: 'export' });
    expect(await refusalOf(privacyCases.forgetPreview(privacyDeps, ana, 'UBO'))).toEqual({ code: 'privacy.forbidden', target: 'UBO', action: 'forget' });
    expect(await refusalOf(privacyCases.forget(privacyDeps, ana, 'UBO', { key: 'click:test:UBO' }))).toEqual({ code: 'privacy.forbidden', target: 'UBO', action: 'forget' });
    expect(await count()).toEqual(before);
    const own = await privacyCases.requestExport(privacyDeps, ana, 'me');
    expect(own).toMatchObject({ kind: 'queued', key: expect.stringContaining('UANA') });
    expect((await count()).queued).toBe(before.queued + 1);
    expect(await privacyCases.scopeOf(privacyDeps, W, { requesterId: 'UANA', who: { userId: 'UBO' } })).toEqual({ kind: 'person', userId: 'UBO', of: { kind: 'person', userId: 'UBO' } });
    expect(await privacyCases.scopeOf(privacyDeps, W, { requesterId: 'UMGR', who: 'auto' })).toMatchObject({ kind: 'teams', teamIds: [team.id], of: { kind: 'teams', teamNames: ['#alpha'] } });
  });
});
