import { describe, expect, it } from 'vitest';
import type { MilestoneRefusal } from '../../src/milestones/milestones.models.ts';
import type { PrivacyRefusal } from '../../src/privacy/privacy.models.ts';
import type { RiskRefusal } from '../../src/risks/risks.models.ts';
import { isUserError } from '../../src/shared/errors.ts';
import { foundMilestone, milestoneAdded, milestoneMarkedDone, milestoneRefusal, milestoneRefusalText, riskChanged, riskRefusal, riskRefusalText } from '../../src/slack/blocks/milestone.blocks.ts';
import { exportNote, exportRequested, privacyRefusal, privacyRefusalText, retentionSet, retentionShown } from '../../src/slack/blocks/privacy.blocks.ts';

/**
 * What the milestone, risk and privacy use cases return as data (refusals, changes) in words.
 * The end-to-end tests hold the same sentences through Slack; these pin every variant and
 * that nothing a person typed can ping anyone.
 */
const evil = '<!channel> & <@U1>';

describe('milestone replies', () => {
  const refusals: [MilestoneRefusal, string, string][] = [
    [{ kind: 'not-on-team', teamName: '#alpha' }, 'milestone.forbidden', 'Only people in #alpha can add milestones. Nothing was changed.'],
    [{ kind: 'not-an-editor', teamName: '#alpha', milestoneId: 3, createdBy: 'UANA' }, 'milestone.forbidden', 'Only <@UANA> (who added it) or a manager of #alpha can change milestone #3. Nothing was changed.'],
    [{ kind: 'target-past', teamName: '#alpha', date: '2026-11-02' }, 'milestone.past', '2026-11-02 is already past in #alpha’s time zone; pick today or later. Nothing was changed.'],
    [{ kind: 'too-many', teamName: '#alpha', max: 30 }, 'milestone.too_many', '#alpha already has 30 open milestones; mark some done first (`/milestone done ID`). Nothing was changed.'],
    [{ kind: 'name-taken', teamName: '#alpha', name: 'Beta', existingId: 1 }, 'milestone.exists', '#alpha already has a milestone called “Beta” (#1). Pick another name. Nothing was changed.'],
    [{ kind: 'name-taken', teamName: '#alpha', name: 'Beta', existingId: null }, 'milestone.exists', '#alpha already has a milestone called “Beta”. Pick another name. Nothing was changed.'],
    [{ kind: 'not-found', teamName: '#alpha', ref: { id: 7 } }, 'milestone.not_found', 'There is no milestone #7 in #alpha. `/milestone list` shows them; `/milestone add "Beta" 2027-02-15` creates one. Nothing was changed.'],
    [{ kind: 'not-found', teamName: '#alpha', ref: { name: 'Nope' } }, 'milestone.not_found', 'There is no milestone “Nope” in #alpha. `/milestone list` shows them; `/milestone add "Beta" 2027-02-15` creates one. Nothing was changed.'],
    [{ kind: 'already-done', milestoneId: 2, name: 'Beta' }, 'milestone.done', 'Milestone #2 Beta is already done. Nothing was changed.'],
  ];

  it.each(refusals)('words the refusal %j with its code', (r, code, text) => {
    expect(milestoneRefusalText(r)).toBe(text);
    const err = milestoneRefusal(r);
    expect(isUserError(err) && err.code).toBe(code);
    expect(err.message).toBe(text);
  });

  it('escapes the names in a refusal', () => {
    expect(milestoneRefusalText({ kind: 'not-found', teamName: evil, ref: { name: evil } })).not.toMatch(/<[!@]/);
    expect(milestoneRefusalText({ kind: 'name-taken', teamName: evil, name: evil, existingId: 1 })).not.toMatch(/<[!@]/);
  });

  it('gives the milestone found, and throws a refusal as the user error the task form maps to its field', () => {
    const m = { id: 1 };
    expect(foundMilestone({ kind: 'found', milestone: m })).toBe(m);
    expect(() => foundMilestone({ kind: 'not-found', teamName: '#alpha', ref: { name: 'Gamma' } })).toThrow(expect.objectContaining({ code: 'milestone.not_found', message: expect.stringMatching(/^There is no milestone “Gamma” in #alpha\./) }));
  });

  it('confirms an added milestone, with its budget when it has one', () => {
    const milestone = { id: 1, name: 'Beta', targetDate: '2026-12-18' };
    expect(milestoneAdded({ teamName: '#team-alpha', milestone, budgetHours: 60 })).toBe(
      ':triangular_flag_on_post: Milestone *#1 Beta* added to #team-alpha: target Fri 18 Dec, budget 60 h.\nAttach work with `/task add … for 1` or `/task milestone ID 1`; `/milestone 1` shows the forecast.',
    );
    expect(milestoneAdded({ teamName: '#team-alpha', milestone, budgetHours: null })).toMatch(/target Fri 18 Dec\.\n/);
    expect(milestoneAdded({ teamName: evil, milestone: { ...milestone, name: evil }, budgetHours: null })).not.toMatch(/<[!@]/);
  });

  it('confirms a milestone done, counting the work still open on it', () => {
    expect(milestoneMarkedDone({ milestone: { id: 2, name: 'Beta' }, openTasks: 0 })).toBe(':white_check_mark: Milestone *#2 Beta* is done.');
    expect(milestoneMarkedDone({ milestone: { id: 2, name: 'Beta' }, openTasks: 1 })).toBe(':white_check_mark: Milestone *#2 Beta* is done. 1 task attached to it is still open.');
    expect(milestoneMarkedDone({ milestone: { id: 2, name: 'Beta' }, openTasks: 3 })).toBe(':white_check_mark: Milestone *#2 Beta* is done. 3 tasks attached to it are still open.');
  });
});

describe('risk replies', () => {
  const refusals: [RiskRefusal, string, string][] = [
    [{ kind: 'not-on-team', teamName: '#alpha' }, 'risk.forbidden', 'Only people in #alpha can add to its risk register. Nothing was changed.'],
    [{ kind: 'too-many', teamName: '#alpha', max: 200 }, 'risk.too_many', '#alpha already has 200 open risks; close some first. Nothing was changed.'],
    [{ kind: 'not-found', teamName: '#alpha', riskId: 9 }, 'risk.not_found', 'There is no risk #9 in #alpha. `/risk list` shows them. Nothing was changed.'],
    [{ kind: 'not-an-editor', riskId: 1, createdBy: 'UANA', ownerId: 'UBO' }, 'risk.forbidden', 'Only <@UANA> (who raised it), <@UBO> (its owner) or a manager can change risk #1. Nothing was changed.'],
    [{ kind: 'not-an-editor', riskId: 1, createdBy: 'UANA', ownerId: null }, 'risk.forbidden', 'Only <@UANA> (who raised it) or a manager can change risk #1. Nothing was changed.'],
    [{ kind: 'already-closed', riskId: 4, action: 'update' }, 'risk.closed', 'Risk #4 is closed. Nothing was changed.'],
    [{ kind: 'already-closed', riskId: 4, action: 'close' }, 'risk.closed', 'Risk #4 is already closed.'],
    [{ kind: 'milestone-not-found', teamName: '#alpha', ref: { name: 'Nope' } }, 'risk.milestone_not_found', 'There is no milestone “Nope” in #alpha. `/milestone list` shows them. Nothing was changed.'],
    [{ kind: 'milestone-not-found', teamName: '#alpha', ref: { id: 5 } }, 'risk.milestone_not_found', 'There is no milestone #5 in #alpha. `/milestone list` shows them. Nothing was changed.'],
  ];

  it.each(refusals)('words the refusal %j with its code', (r, code, text) => {
    expect(riskRefusalText(r)).toBe(text);
    const err = riskRefusal(r);
    expect(isUserError(err) && err.code).toBe(code);
    expect(err.message).toBe(text);
  });

  it('escapes the names in a refusal', () => {
    expect(riskRefusalText({ kind: 'milestone-not-found', teamName: evil, ref: { name: evil } })).not.toMatch(/<[!@]/);
  });

  const risk = { id: 1, text: 'Vendor slips', likelihood: 4, impact: 5, ownerId: 'UBO', mitigation: null, state: 'open', milestoneName: null } as const;

  it('shows the risk as it now stands, flagging a high score with no mitigation while it is open', () => {
    expect(riskChanged('added', risk)).toMatch(/^:clipboard: Added to the risk register:\n:red_circle: \*#1\* Vendor slips — \*20\* \(L4×I5\) · owner <@UBO> :rotating_light: \*no mitigation\*\n:rotating_light: Scored 15 or more with no mitigation/);
    expect(riskChanged('updated', { ...risk, mitigation: 'weekly call' })).toMatch(/^:pencil2: Updated:\n.*\*20\*.*\n.*mitigation:_ weekly call$/);
    expect(riskChanged('closed', { ...risk, state: 'closed' })).toBe(':white_check_mark: Closed:\n:red_circle: *#1* Vendor slips — *20* (L4×I5) · owner <@UBO> · closed');
  });
});

describe('privacy replies', () => {
  const refusals: [PrivacyRefusal, string][] = [
    [{ kind: 'not-self-or-admin', target: 'UANA', action: 'export' }, 'Only <@UANA> themself or a workspace admin can export their data. Your own: `/coordinator export me`'],
    [{ kind: 'not-self-or-admin', target: 'UANA', action: 'forget' }, 'Only <@UANA> themself or a workspace admin can have their data forgotten. Nothing was changed. To forget your own: `/coordinator forget me`'],
  ];

  it.each(refusals)('words the refusal %j', (r, text) => {
    expect(privacyRefusalText(r)).toBe(text);
    expect(privacyRefusal(r)).toMatchObject({ code: 'privacy.forbidden', message: text });
  });

  it('says whose data an export holds', () => {
    expect(exportNote({ of: { kind: 'own' }, files: ['answers.csv', 'tasks.csv'] })).toBe(
      ':package: Your Coordinator export (your own data): answers.csv, tasks.csv. CSV files, one row per record; they open in any spreadsheet.',
    );
    expect(exportNote({ of: { kind: 'person', userId: 'UANA' }, files: ['answers.csv'] })).toMatch(/^:package: Your Coordinator export \(<@UANA>'s data\): answers\.csv\./);
    expect(exportNote({ of: { kind: 'teams', teamNames: ['#alpha', '#beta'] }, files: ['answers.csv'] })).toMatch(/\(#alpha, #beta\)/);
  });

  it('answers an export from what became of its delivery', () => {
    expect(exportRequested({ status: 'sent' })).toBe(':package: Your export is in your DM with me: a zip of CSV files.');
    expect(exportRequested({ status: 'failed', lastError: 'file_too_large' })).toBe(':warning: Slack refused the upload (file_too_large). Please try again later.');
    expect(exportRequested({ status: 'failed', lastError: null })).toMatch(/\(unknown error\)/);
    expect(exportRequested({ status: 'pending' })).toMatch(/^:hourglass: Your export is being prepared/);
    expect(exportRequested(undefined)).toMatch(/^:hourglass: /);
  });

  it('words retention, set and shown, with the team name escaped', () => {
    expect(retentionSet({ teamName: '#alpha', months: null })).toBe(':file_cabinet: #alpha keeps standup answers (no retention limit).');
    expect(retentionSet({ teamName: '#alpha', months: 1 })).toMatch(/^:file_cabinet: In #alpha, the text of standup answers older than 1 month is deleted every day/);
    expect(retentionShown({ teamName: '#alpha', months: null })).toMatch(/^#alpha keeps standup answers \(no retention limit\)\. Managers: `\/coordinator retention 12`/);
    expect(retentionShown({ teamName: '#alpha', months: 12 })).toBe('#alpha deletes the text of standup answers older than 12 months. `/coordinator retention off` keeps them.');
    expect(retentionSet({ teamName: evil, months: 3 })).not.toMatch(/<[!@]/);
    expect(retentionShown({ teamName: evil, months: null })).not.toMatch(/<[!@]/);
  });
});
