import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackUsers } from '../../src/workspaces/workspaces.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { seedTeam } from '../support/seed.ts';
import { teamChannel, visibleText } from '../support/standup-helpers.ts';

/**
 * Who may take a blocker on: the team's members and managers, and workspace admins —
 * nobody else. Owners may resolve, so a bystander must not become one ("I'll help",
 * then resolve the blocker they could not resolve directly).
 */
describe('blocker ownership', () => {
  let h: Harness;
  let id: number;
  const click = async (user: string, action: 'blocker_help' | 'blocker_resolve', ts: string) => {
    const res = await h.sender.blockAction({ user_id: user, action_id: action, value: String(id), channel_id: teamChannel, message_ts: ts });
    const rid = res.responseUrl!.split('/respond/')[1]!;
    const reply = visibleText((await h.catcher.waitFor((r) => r.id === rid)).body as never);
    // The reply goes out before the click's tail (what it queued, the Homes it changed).
    await h.idle();
    return reply;
  };
  const blocker = () => h.services.repos.blockers.byId('T0001', id);

  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-01T09:00:00Z' });
    await seedTeam(h.db.db, h.fake, {
      members: [
        { id: 'UMGR', tz: 'UTC', name: 'Mara', manager: true },
        { id: 'UANA', tz: 'UTC', name: 'Ana' },
        { id: 'UBEN', tz: 'UTC', name: 'Ben' },
      ],
    });
    // In the workspace, not on the team; and a workspace admin, not on the team either.
    await h.db.db.insert(slackUsers).values([
      { workspaceId: 'T0001', userId: 'UOUT', name: 'Otto', tz: 'UTC', refreshedAt: new Date('2100-01-01T00:00:00Z') },
      { workspaceId: 'T0001', userId: 'UADM', name: 'Ada', tz: 'UTC', isAdmin: true, refreshedAt: new Date('2100-01-01T00:00:00Z') },
    ]);
    const team = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!;
    const raised = await h.services.blockers.raise({ workspaceId: 'T0001', userId: 'UANA' }, team, 'no access to the staging DB');
    if ('replayed' in raised) throw new Error('unexpected');
    id = raised.blocker.id;
  });
  afterAll(() => h.close());

  it('a bystander clicking "I\'ll help" is refused, stays no owner, and still cannot resolve', async () => {
    expect(await click('UOUT', 'blocker_help', '1.0001')).toMatch(/Only people in #team can take on its blockers.*Nothing was changed/s);
    expect((await blocker())!.ownerId).toBeNull();
    expect(await click('UOUT', 'blocker_resolve', '1.0002')).toMatch(/Only <@UANA> \(who raised it\) or a manager/);
    expect((await blocker())!.status).toBe('open');
  });

  it('the rule lives in the use case, not only in the listener', async () => {
    await expect(h.services.blockers.help({ workspaceId: 'T0001', userId: 'UOUT' }, id)).rejects.toMatchObject({ code: 'blocker.not_member' });
    expect((await blocker())!.ownerId).toBeNull();
  });

  it('a member, a manager or a workspace admin may take it on', async () => {
    expect(await click('UBEN', 'blocker_help', '1.0003')).toMatch(/You're now the owner of blocker/);
    expect(await click('UADM', 'blocker_help', '1.0004')).toMatch(/You're now the owner of blocker.*was <@UBEN>/);
    expect(await click('UMGR', 'blocker_help', '1.0005')).toMatch(/You're now the owner of blocker.*was <@UADM>/);
    expect((await blocker())!.ownerId).toBe('UMGR');
  });

  it('an owner who is no longer on the team cannot resolve through ownership', async () => {
    await h.services.blockers.help({ workspaceId: 'T0001', userId: 'UBEN' }, id);
    const team = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!;
    await h.services.repos.teams.removeMembers(team.id, ['UBEN']);
    expect((await blocker())!.ownerId).toBe('UBEN');
    expect(await click('UBEN', 'blocker_resolve', '1.0006')).toMatch(/Only <@UANA> \(who raised it\)/);
    expect((await blocker())!.status).toBe('open');
    // Still ownable and resolvable by the team.
    expect(await click('UANA', 'blocker_resolve', '1.0007')).toMatch(/Resolved blocker/);
    expect((await h.db.db.select().from(slackUsers).where(eq(slackUsers.userId, 'UOUT'))).length).toBe(1);
  });
});
