import { describe, expect, it } from 'vitest';
import { judgeWorkspace, singleWorkspace, workspaceClaim } from '../../src/slack/workspace-gate.ts';

/** The workspace ids a body names, wherever Slack or Bolt might read one from (pure). */
describe('workspaceClaim', () => {
  it('reads a slash command’s team', () => {
    expect(workspaceClaim({ team_id: 'T1', user_id: 'U1', command: '/standup' })).toEqual({ teamIds: ['T1'], enterpriseId: undefined });
  });

  it('reads every place, each id once in the order met, and the first enterprise id', () => {
    const body = {
      team_id: 'T1',
      enterprise_id: 'E1',
      team: { id: 'T1', enterprise_id: 'E2' },
      enterprise: { id: 'E3' },
      user: { id: 'U1', team_id: 'T2' },
      view: { team_id: 'T3', app_installed_team_id: 'T1' },
      authorizations: [{ team_id: 'T4', enterprise_id: 'E4' }, { team_id: 'T2' }],
    };
    expect(workspaceClaim(body)).toEqual({ teamIds: ['T1', 'T2', 'T3', 'T4'], enterpriseId: 'E1' });
    expect(workspaceClaim({ team: { id: 'T1' }, enterprise: { id: 'E3' }, authorizations: [{ team_id: 'T1', enterprise_id: 'E4' }] })).toEqual({ teamIds: ['T1'], enterpriseId: 'E3' });
  });

  it('ignores empty and non-string ids, non-objects, and authorizations past the tenth', () => {
    const authorizations = Array.from({ length: 12 }, (_, i) => ({ team_id: i < 10 ? 'T1' : `TX${i}` }));
    expect(workspaceClaim({ team_id: '', team: null, user: 'U1', view: [], enterprise_id: 5, authorizations })).toEqual({ teamIds: ['T1'], enterpriseId: undefined });
    expect(workspaceClaim(null)).toEqual({ teamIds: [], enterpriseId: undefined });
    expect(workspaceClaim('T1')).toEqual({ teamIds: [], enterpriseId: undefined });
  });

  it('serves one installed workspace only, named once or several times', async () => {
    const installed = singleWorkspace({ teamId: 'T1' });
    expect(await judgeWorkspace({ team_id: 'T1', team: { id: 'T1' } }, installed)).toEqual({ serve: true, teamId: 'T1' });
    expect(await judgeWorkspace({ team_id: 'T1', user: { team_id: 'T2' } }, installed)).toMatchObject({ serve: false, reason: 'names more than one workspace', teamIds: ['T1', 'T2'] });
    expect(await judgeWorkspace({ team_id: 'T2' }, installed)).toMatchObject({ serve: false, teamIds: ['T2'] });
    expect(await judgeWorkspace({}, installed)).toMatchObject({ serve: false, reason: 'names no workspace' });
  });
});
