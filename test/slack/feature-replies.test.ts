import { describe, expect, it } from 'vitest';
import { askAnswerText, blockerRefusalText, closedText, dismissText, helpText, raisedText, resolveText, thresholdText } from '../../src/slack/blocks/blocker.replies.ts';
import { awayText, scheduleText, skipText, standupRefusalText } from '../../src/slack/blocks/standup.replies.ts';
import { joinText, leaveText, lostRaceText, peopleChangedText, peopleRefusalText, questionsText, rosterText, scheduleChangeText, teamRefusalText } from '../../src/slack/blocks/team.replies.ts';
import { refusalText, type FeatureRefusal } from '../../src/slack/blocks/refusals.ts';
import { refused, userError } from '../../src/shared/errors.ts';
import { userErrorText, userFacingMessage } from '../../src/slack/errors.ts';
import { silentLogger } from '../../src/shared/logger.ts';

/**
 * What the blockers, standups and teams use cases return, worded for Slack (the use cases
 * return data; these pure functions are the one place the sentences live). A team name or a
 * line of user text is always escaped: `<!channel>` in it pings nobody.
 */
const hostile = 'Ops <!channel> & <@U1>';

describe('blocker replies', () => {
  it('words a resolution, a race lost, and a blocker already closed (by whom)', () => {
    expect(resolveText({ kind: 'resolved', id: 7 })).toBe(':white_check_mark: Resolved blocker #7.');
    expect(resolveText({ kind: 'already-resolved', id: 7 })).toBe('Blocker #7 is already resolved.');
    expect(resolveText({ kind: 'closed', blocker: { id: 7, status: 'resolved', resolvedBy: 'UBO' } })).toBe('Blocker #7 is already resolved (by <@UBO>).');
    expect(closedText({ id: 7, status: 'dismissed', resolvedBy: null })).toBe('Blocker #7 was already marked as not a blocker.');
  });

  it('words taking a blocker on', () => {
    expect(helpText({ kind: 'owner', id: 3, reporterId: 'UANA', previousOwnerId: null })).toBe(":raised_hands: You're now the owner of blocker #3. <@UANA> will see you in `/blocker list`.");
    expect(helpText({ kind: 'owner', id: 3, reporterId: 'UANA', previousOwnerId: 'UBO' })).toBe(":raised_hands: You're now the owner of blocker #3 (was <@UBO>). <@UANA> will see you in `/blocker list`.");
    expect(helpText({ kind: 'already-owner', id: 3 })).toBe('You already own blocker #3.');
    expect(helpText({ kind: 'closed', blocker: { id: 3, status: 'dismissed', resolvedBy: 'UMGR' } })).toBe('Blocker #3 was already marked as not a blocker (by <@UMGR>). Thanks anyway!');
  });

  it('words "not a blocker", escaping the learned line and the team name', () => {
    expect(dismissText({ kind: 'dismissed', id: 4 })).toBe(':ok_hand: Blocker #4 is marked as not a blocker.');
    expect(dismissText({ kind: 'dismissed', id: 4, learned: { teamName: hostile, text: 'waiting\non   <!here>' } })).toBe(
      ":ok_hand: Blocker #4 is marked as not a blocker. Answers in Ops &lt;!channel&gt; &amp; &lt;@U1&gt; that say “waiting on &lt;!here&gt;” won't be announced again.",
    );
    expect(dismissText({ kind: 'already-closed', id: 4 })).toBe('Blocker #4 is already closed.');
  });

  it('words the answer to "Is this a blocker?"', () => {
    expect(askAnswerText({ kind: 'untracked', teamName: '#alpha', text: 'slow <@U2> review', deliveries: [] })).toBe(':ok_hand: Not tracked. Coordinator will read “slow &lt;@U2&gt; review” as no blocker in #alpha from now on.');
    expect(askAnswerText({ kind: 'tracked', id: 9, teamName: hostile, deliveries: ['blocker-announce:9'] })).toBe(
      ":construction: Tracking it as blocker #9 in Ops &lt;!channel&gt; &amp; &lt;@U1&gt;; its managers see it in the day's thread.",
    );
    expect(askAnswerText({ kind: 'duplicate', id: 9, deliveries: [] })).toBe('You already have this one open as blocker #9.');
  });

  it('words a raise from the command and from the team chooser, and the threshold', () => {
    expect(raisedText({ id: 5, duplicate: false, teamName: '#alpha' }, 'command')).toBe(":construction: Raised blocker #5 in #alpha; its managers see it in today's standup thread. `/blocker resolve 5` when it's done.");
    expect(raisedText({ id: 5, duplicate: true, teamName: '#alpha' }, 'command')).toBe('You already have this one open as blocker #5 (#alpha); it keeps its age. `/blocker list` shows it.');
    expect(raisedText({ id: 5, duplicate: false, teamName: '#alpha' }, 'click')).toBe(':construction: Raised blocker #5 in #alpha.');
    expect(thresholdText({ teamName: '#alpha', stakeholderChannelId: 'CSTAKE', days: 1 })).toBe(
      ':alarm_clock: Open blockers in #alpha are escalated to managers and <#CSTAKE> after 1 working day, and again after 2 working days.',
    );
  });

  it('names who may resolve or dismiss instead, and who may take a blocker on', () => {
    expect(blockerRefusalText({ code: 'blocker.forbidden', action: 'resolve', id: 2, reporterId: 'UANA', ownerId: 'UBO', managers: ['UM1', 'UM2'] })).toBe(
      'Only <@UANA> (who raised it), <@UBO> (its owner) or a manager (<@UM1> and <@UM2>) can resolve blocker #2. Nothing was changed.',
    );
    expect(blockerRefusalText({ code: 'blocker.forbidden', action: 'resolve', id: 2, reporterId: 'UANA', ownerId: null, managers: [] })).toBe('Only <@UANA> (who raised it) can resolve blocker #2. Nothing was changed.');
    expect(blockerRefusalText({ code: 'blocker.forbidden', action: 'dismiss', id: 2, reporterId: 'UANA' })).toBe('Only <@UANA> (who raised it) or a manager can say blocker #2 is not one. Nothing was changed.');
    expect(blockerRefusalText({ code: 'blocker.not_member', teamName: hostile })).toContain('Only people in Ops &lt;!channel&gt; &amp; &lt;@U1&gt; can take on its blockers.');
  });
});

describe('standup replies', () => {
  const team = { tzMode: 'member' as const, timezone: 'UTC', reminderMinutes: 120, promptTime: '09:30', workingDays: [1, 2, 3, 4, 5], deadlineTime: '13:00' };

  it('words a schedule', () => {
    expect(scheduleText(team)).toBe("Prompts at 09:30 Mon–Fri (each member's own time zone), a reminder 120 minutes later, report deadline 13:00.");
    expect(scheduleText({ ...team, tzMode: 'pinned', timezone: 'Europe/Berlin', reminderMinutes: null })).toBe('Prompts at 09:30 Mon–Fri (Europe/Berlin), no reminder, report deadline 13:00.');
  });

  it('words a skip, escaping the team name', () => {
    expect(skipText({ kind: 'skipped', teamName: hostile, date: '2026-12-01' })).toBe(
      "Skipped Ops &lt;!channel&gt; &amp; &lt;@U1&gt;'s standup for today — no prompt or reminder, and you won't show as missing.",
    );
    expect(skipText({ kind: 'already-answered', teamName: '#alpha', date: '2026-12-01' })).toBe("You've already answered #alpha's standup for today; it stays posted.");
  });

  it('words time off added, cancelled and listed', () => {
    expect(awayText({ kind: 'added', period: { id: 3, fromDate: '2026-12-21', toDate: '2027-01-03' } })).toBe(
      ":palm_tree: Away Mon 21 Dec – Sun 3 Jan (#3): no prompts, and you'll show as away, not missing. `/standup away cancel 3` undoes it.",
    );
    expect(awayText({ kind: 'added', period: { id: 4, fromDate: '2026-12-24', toDate: '2026-12-24' } })).toContain('Away Thu 24 Dec (#4)');
    expect(awayText({ kind: 'cancelled', id: 3 })).toBe('Cancelled time off #3. Prompts resume on your working days.');
    expect(awayText({ kind: 'list', periods: [] })).toBe('No time off planned. Example: `/standup away 2026-12-21 2027-01-03`');
    expect(
      awayText({
        kind: 'list',
        periods: [
          { id: 1, fromDate: '2026-12-24', toDate: '2026-12-24' },
          { id: 2, fromDate: '2026-12-28', toDate: '2026-12-30' },
        ],
      }),
    ).toBe('*Your time off*\n#1 · Thu 24 Dec (2026-12-24)\n#2 · Mon 28 Dec – Wed 30 Dec (2026-12-28 → 2026-12-30)');
  });

  it('words the refusals: several teams, and not a member (opening, submitting, skipping)', () => {
    expect(standupRefusalText({ code: 'team.ambiguous', channelIds: ['C1', 'C2'] })).toBe("You're in 2 teams (<#C1>, <#C2>). Run the command in the team's channel.");
    const notMember = { code: 'standup.not_member' as const, teamName: hostile, channelId: 'C1' };
    expect(standupRefusalText({ ...notMember, when: 'opening' })).toBe("You're not answering standups in *Ops &lt;!channel&gt; &amp; &lt;@U1&gt;*. Run `/standup join` in <#C1> to join.");
    expect(standupRefusalText({ ...notMember, when: 'submitting' })).toBe("You're not answering standups in Ops &lt;!channel&gt; &amp; &lt;@U1&gt; any more.");
    expect(standupRefusalText({ ...notMember, when: 'skipping' })).toBe("You're not answering standups in *Ops &lt;!channel&gt; &amp; &lt;@U1&gt;*.");
  });
});

describe('team replies', () => {
  it('lists the questions with their roles, escaped', () => {
    expect(
      questionsText({
        teamName: '#alpha',
        questions: [
          { text: 'Done?', kind: 'done', required: true },
          { text: 'Plan <!here>', kind: 'plan', required: true },
          { text: 'Blockers?', kind: 'blockers', required: false },
          { text: 'Mood', kind: 'text', required: true },
        ],
      }),
    ).toBe('*Questions of #alpha*\n1. Done? _(done since last time)_\n2. Plan &lt;!here&gt; _(plan for today)_\n3. Blockers? _(blockers)_ _(optional)_\n4. Mood');
  });

  it('names the managers who may change settings, and the people not on the team', () => {
    expect(teamRefusalText({ code: 'team.forbidden', teamName: hostile, managers: ['UM1', 'UM2'] })).toBe(
      "Only Ops &lt;!channel&gt; &amp; &lt;@U1&gt;'s managers (<@UM1> and <@UM2>) or a workspace admin can change its settings. Ask one of them, or use `/standup join` / `/standup leave` for yourself.",
    );
    expect(teamRefusalText({ code: 'team.forbidden', teamName: '#alpha', managers: [] })).toMatch(/^Only #alpha's managers or a workspace admin/);
    expect(teamRefusalText({ code: 'team.not_member', teamName: '#alpha', userIds: ['UX'], role: 'members' })).toBe('<@UX> is not answering standups in #alpha. Nothing was changed. `/standup members` lists who is.');
    expect(teamRefusalText({ code: 'team.not_member', teamName: '#alpha', userIds: ['UX', 'UY'], role: 'managers' })).toBe(
      '<@UX> and <@UY> are not a manager in #alpha. Nothing was changed. `/standup members` lists who is.',
    );
  });
  it('names the people a command cannot use, in the order they were named (users.requirePeople)', () => {
    expect(peopleRefusalText({ code: 'people.invalid', people: [{ userId: 'UGHOST', problem: 'not-in-workspace' }] })).toBe(
      '<@UGHOST> is not in this workspace. Nothing was changed. Example: `/standup members add @alice @bob`',
    );
    expect(
      userErrorText(
        refused(
          { code: 'people.invalid', people: [{ userId: 'UBOT', problem: 'bot' }, { userId: 'UGONE', problem: 'not-in-workspace' }] },
          'plain',
        ),
      ),
    ).toBe('<@UBOT> is a bot; <@UGONE> is not in this workspace. Nothing was changed. Example: `/standup members add @alice @bob`');
  });
});

describe('a refusal thrown as data', () => {
  // What the use cases used to throw as sentences, now thrown as data: worded the same.
  it.each<[FeatureRefusal, string]>([
    [{ code: 'team.in_dm' }, 'Run this in the channel your team uses: the team is bound to the channel where it is set up. Example: `/standup setup` in #team-standup'],
    [{ code: 'team.not_found', where: 'gone' }, 'That team no longer exists.'],
    [{ code: 'team.not_found', where: 'settings' }, 'This channel has no standup team yet, so nothing was changed. Create one with `/standup setup` here (or `/standup members add @a @b`).'],
    [{ code: 'team.not_found', where: 'channel' }, 'This channel has no standup team yet. Run `/standup setup` here to create one (or `/standup members add @a @b`).'],
    [{ code: 'team.last_manager' }, 'A team needs at least one manager. Add another first: `/standup managers add @alice`'],
    [{ code: 'question.not_found', n: 9, count: 5 }, 'There is no question 9; there are 5. `/standup questions` lists them. Nothing was changed.'],
    [{ code: 'question.too_many', max: 10 }, 'A standup has at most 10 questions. Remove one first: `/standup question remove 4`'],
    [{ code: 'question.last' }, 'A standup needs at least one question. Nothing was changed.'],
    [{ code: 'team.none' }, "You're not in any standup team yet. Run `/standup join` in your team's channel."],
    [{ code: 'away.too_many', planned: 20, max: 20 }, 'You already have 20 periods of time off planned; at most 20. Cancel one or join two: `/standup away list`, `/standup away cancel 3`. Nothing was changed.'],
    [{ code: 'away.not_found', id: 3 }, 'You have no time off numbered 3. `/standup away list` shows yours.'],
    [{ code: 'blocker.not_found', id: 4 }, 'There is no blocker #4 here. `/blocker list` shows the open ones.'],
    [{ code: 'blocker.stale_question' }, 'This question is from an older message; use `/blocker TEXT` to raise a blocker.'],
    [{ code: 'blocker.not_yours' }, 'Only the person who wrote that answer can say whether it is a blocker.'],
  ])('words %j', (r, text) => {
    expect(userErrorText(refused(r, 'plain'))).toBe(text);
  });


  it('is worded by its feature; a plain user error keeps its message; an unknown code falls back to the plain message', () => {
    expect(refusalText({ code: 'team.ambiguous', channelIds: ['C1', 'C2'] } as { code: string })).toBe("You're in 2 teams (<#C1>, <#C2>). Run the command in the team's channel.");
    expect(userErrorText(refused({ code: 'blocker.not_member', teamName: '#alpha' }, 'plain'))).toMatch(/^Only people in #alpha can take on its blockers/);
    expect(userErrorText(userError('away.not_found', 'You have no time off numbered 3.'))).toBe('You have no time off numbered 3.');
    expect(userErrorText(refused({ code: 'someone.elses' }, 'A plain sentence.'))).toBe('A plain sentence.');
    expect(refusalText({ code: 'toString' })).toBeUndefined();
  });
});

describe('team settings replies', () => {
  const team = { name: hostile, createdBy: 'UMGR', tzMode: 'member' as const, timezone: 'UTC', reminderMinutes: 120, promptTime: '09:30', workingDays: [1, 2, 3, 4, 5], deadlineTime: '13:00' };
  const schedule = "Prompts at 09:30 Mon–Fri (each member's own time zone), a reminder 120 minutes later, report deadline 13:00.";
  const name = 'Ops &lt;!channel&gt; &amp; &lt;@U1&gt;';

  it('words joining and leaving', () => {
    expect(joinText(team, true)).toBe(`:tada: Created the standup team ${name} with you as its manager and first member. ${schedule} \`/standup setup\` changes anything.`);
    expect(joinText(team, false)).toBe(`:wave: You're in ${name}. ${schedule}`);
    expect(leaveText('#alpha', true)).toBe("You've left #alpha's standups; no more prompts from it. `/standup join` brings you back.");
    expect(leaveText('#alpha', false)).toBe("You weren't answering #alpha's standups.");
  });

  it('words the roster, people added or removed, and a race lost to another creator', () => {
    expect(rosterText('#alpha', [{ userId: 'UA', isParticipant: true, isManager: true }, { userId: 'UB', isParticipant: true, isManager: false }])).toBe('*#alpha*\nAnswering: <@UA> and <@UB>\nManagers: <@UA>');
    expect(rosterText('#alpha', [])).toBe('*#alpha*\nAnswering: —\nManagers: —');
    expect(peopleChangedText({ team, op: 'add', role: 'members', userIds: ['UA', 'UB'], created: true })).toBe(`:tada: Created the standup team ${name} (you manage it). Added <@UA> and <@UB> to the standup. ${schedule}`);
    expect(peopleChangedText({ team, op: 'add', role: 'managers', userIds: ['UA'], created: false })).toBe(`Added <@UA> as managers. ${schedule}`);
    expect(peopleChangedText({ team, op: 'remove', role: 'members', userIds: ['UA'], created: false })).toBe('Removed <@UA> from the standup.');
    expect(lostRaceText(team, 'command')).toBe(
      `:wave: <@UMGR> created ${name} here a moment before you, so you joined it as a member; nobody else was added. Ask a manager to add people: \`/standup members add @a\`. ${schedule}`,
    );
    expect(lostRaceText(team, 'setup')).toBe(`:wave: <@UMGR> set up ${name} here a moment before you, so you joined it as a member and your settings were not saved. Ask a manager to change them.`);
  });

  it('words a schedule change, or (thrown as a refusal) why nothing was changed', () => {
    expect(scheduleChangeText({ kind: 'changed', change: 'schedule', team: { ...team, workingDays: [1, 3] } })).toMatch(new RegExp(`^:calendar: ${name.replace(/[&;!@]/g, '.')}: prompts at 09:30, Mon, Wed\\. Prompts at`));
    expect(scheduleChangeText({ kind: 'changed', change: 'timezone', team })).toBe(`:globe_with_meridians: ${schedule}`);
    expect(scheduleChangeText({ kind: 'changed', change: 'deadline', team })).toBe(`:alarm_clock: ${schedule}`);
    expect(scheduleChangeText({ kind: 'changed', change: 'reminder', team })).toBe(`:bell: ${schedule}`);
    // What the person is told (src/slack/errors.ts puts the ":warning: " in front of every refusal).
    const told = (r: FeatureRefusal) => userFacingMessage(refused(r, 'plain'), silentLogger(), {});
    expect(told({ code: 'schedule.prompt_not_before_deadline', deadlineTime: '13:00' })).toBe(':warning: The report deadline is 13:00, so prompts must come before it. Move it first: `/standup deadline 14:00`. Nothing was changed.');
    expect(told({ code: 'schedule.deadline_not_after_prompt', promptTime: '09:30' })).toBe(':warning: The deadline must come after the prompt time (09:30). Example: `/standup deadline 13:00`. Nothing was changed.');
    expect(told({ code: 'schedule.reminder_after_deadline', minutes: 240, promptTime: '09:30', deadlineTime: '13:00' })).toBe(
      ':warning: A reminder 240 minutes after the 09:30 prompt would come after the 13:00 deadline. Example: `/standup reminder 60m`, or move the deadline first. Nothing was changed.',
    );
  });
});
