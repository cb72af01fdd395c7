import { describe, expect, it } from 'vitest';
import type { MilestoneRefusal } from '../../src/milestones/milestones.models.ts';
import type { PrivacyRefusal } from '../../src/privacy/privacy.models.ts';
import type { RiskRefusal } from '../../src/risks/risks.models.ts';
import { refused } from '../../src/shared/errors.ts';
import { milestoneAdded, milestoneMarkedDone, milestoneRefusalText, riskChanged, riskRefusalText } from '../../src/slack/blocks/milestone.blocks.ts';
import { exportNote, exportRequested, privacyRefusalText, retentionSet, retentionShown } from '../../src/slack/blocks/privacy.blocks.ts';
import { userErrorText } from '../../src/slack/errors.ts';

/**
 * What the milestone, risk and privacy use cases return or refuse as data (changes, refusals) in words.
 * The end-to-end tests hold the same sentences through Slack; these pin every variant and
 * that nothing a person typed can ping anyone.
 */
const evil = '<!channel> & <@U1>';

/** A refusal as a use case throws it (`refused`), and what the person is told (src/slack/errors.ts, by refusals.ts). */
const answered = (r: { code: string }) => {
  const err = refused(r, 'plain text for the logs');
  return { code: err.code, text: userErrorText(err) };
};

describe('milestone replies', () => {
  const refusals: [MilestoneRefusal, string][] = [
    [{ code: 'milestone.forbidden', action: 'add', teamName: '#alpha' }, 'Only people in #alpha can add milestones. Nothing was changed.'],
    [{ code: 'milestone.forbidden', action: 'change', teamName: '#alpha', milestoneId: 3, createdBy: 'UANA' }, 'Only <@UANA> (who added it) or a manager of #alpha can change milestone #3. Nothing was changed.'],
    [{ code: 'milestone.past', teamName: '#alpha', date: '2026-11-02' }, '2026-11-02 is already past in #alpha’s time zone; pick today or later. Nothing was changed.'],
    [{ code: 'milestone.too_many', teamName: '#alpha', max: 30 }, '#alpha already has 30 open milestones; mark some done first (`/milestone done ID`). Nothing was changed.'],
    [{ code: 'milestone.exists', teamName: '#alpha', name: 'Beta', existingId: 1 }, '#alpha already has a milestone called “Beta” (#1). Pick another name. Nothing was changed.'],
    [{ code: 'milestone.exists', teamName: '#alpha', name: 'Beta', existingId: null }, '#alpha already has a milestone called “Beta”. Pick another name. Nothing was changed.'],
    [{ code: 'milestone.not_found', teamName: '#alpha', ref: { id: 7 } }, 'There is no milestone #7 in #alpha. `/milestone list` shows them; `/milestone add "Beta" 2027-02-15` creates one. Nothing was changed.'],
    [{ code: 'milestone.not_found', teamName: '#alpha', ref: { name: 'Nope' } }, 'There is no milestone “Nope” in #alpha. `/milestone list` shows them; `/milestone add "Beta" 2027-02-15` creates one. Nothing was changed.'],
    [{ code: 'milestone.done', milestoneId: 2, name: 'Beta' }, 'Milestone #2 Beta is already done. Nothing was changed.'],
  ];

  it.each(refusals)('words the refusal %j, as thrown by a use case', (r, text) => {
    expect(milestoneRefusalText(r)).toBe(text);
    expect(answered(r)).toEqual({ code: r.code, text });
  });

  it('escapes the names in a refusal', () => {
    expect(milestoneRefusalText({ code: 'milestone.not_found', teamName: evil, ref: { name: evil } })).not.toMatch(/<[!@]/);
    expect(milestoneRefusalText({ code: 'milestone.not_found', teamName: evil, ref: { name: evil }, afterFor: true })).not.toMatch(/<[!@]/);
    expect(milestoneRefusalText({ code: 'milestone.exists', teamName: evil, name: evil, existingId: 1 })).not.toMatch(/<[!@]/);
  });

  it('says, for a name typed in a /task command, how to keep "for …" in the title', () => {
    expect(milestoneRefusalText({ code: 'milestone.not_found', teamName: '#alpha', ref: { name: 'payments' }, afterFor: true })).toBe(
      'There is no milestone “payments” in #alpha. `/milestone list` shows them; `/milestone add "Beta" 2027-02-15` creates one. Nothing was changed. If “for payments” is part of the title, reword it (“payments” after “for” names a milestone).',
    );
    expect(milestoneRefusalText({ code: 'milestone.not_found', teamName: '#alpha', ref: { id: 12 }, afterFor: true })).toMatch(/If “for 12” is part of the title, reword it \(“12” after “for” names a milestone\)\.$/);
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
  const refusals: [RiskRefusal, string][] = [
    [{ code: 'risk.forbidden', action: 'add', teamName: '#alpha' }, 'Only people in #alpha can add to its risk register. Nothing was changed.'],
    [{ code: 'risk.too_many', teamName: '#alpha', max: 200 }, '#alpha already has 200 open risks; close some first. Nothing was changed.'],
    [{ code: 'risk.not_found', teamName: '#alpha', riskId: 9 }, 'There is no risk #9 in #alpha. `/risk list` shows them. Nothing was changed.'],
    [{ code: 'risk.forbidden', action: 'change', riskId: 1, createdBy: 'UANA', ownerId: 'UBO' }, 'Only <@UANA> (who raised it), <@UBO> (its owner) or a manager can change risk #1. Nothing was changed.'],
    [{ code: 'risk.forbidden', action: 'change', riskId: 1, createdBy: 'UANA', ownerId: null }, 'Only <@UANA> (who raised it) or a manager can change risk #1. Nothing was changed.'],
    [{ code: 'risk.closed', riskId: 4, action: 'update' }, 'Risk #4 is closed. Nothing was changed.'],
    [{ code: 'risk.closed', riskId: 4, action: 'close' }, 'Risk #4 is already closed.'],
    [{ code: 'risk.milestone_not_found', teamName: '#alpha', ref: { name: 'Nope' } }, 'There is no milestone “Nope” in #alpha. `/milestone list` shows them. Nothing was changed.'],
    [{ code: 'risk.milestone_not_found', teamName: '#alpha', ref: { id: 5 } }, 'There is no milestone #5 in #alpha. `/milestone list` shows them. Nothing was changed.'],
  ];

  it.each(refusals)('words the refusal %j, as thrown by a use case', (r, text) => {
    expect(riskRefusalText(r)).toBe(text);
    expect(answered(r)).toEqual({ code: r.code, text });
  });

  it('escapes the names in a refusal', () => {
    expect(riskRefusalText({ code: 'risk.milestone_not_found', teamName: evil, ref: { name: evil } })).not.toMatch(/<[!@]/);
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
    [{ code: 'privacy.forbidden', target: 'UANA', action: 'export' }, 'Only <@UANA> themself or a workspace admin can export their data. Your own: `/coordinator export me`'],
    [{ code: 'privacy.forbidden', target: 'UANA', action: 'forget' }, 'Only <@UANA> themself or a workspace admin can have their data forgotten. Nothing was changed. To forget your own: `/coordinator forget me`'],
  ];

  it.each(refusals)('words the refusal %j, as thrown by a use case', (r, text) => {
    expect(privacyRefusalText(r)).toBe(text);
    expect(answered(r)).toEqual({ code: 'privacy.forbidden', text });
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
