import { parseStandupCommand } from '../../standups/standup-command.parser.ts';
import { addDays, localDateOf } from '../../shared/time.ts';
import { setupModal } from '../blocks/setup.blocks.ts';
import { standupUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { answerModal, statusReply } from '../blocks/standup.blocks.ts';
import { awayText, skipText } from '../blocks/standup.replies.ts';
import { joinText, leaveText, lostRaceText, peopleChangedText, questionsText, rosterText, scheduleChangeText } from '../blocks/team.replies.ts';
import { calendarConnectedText, calendarDisconnectedText, calendarStatusText, myHolidaysText, myRegionText, teamRegionText } from '../blocks/availability.replies.ts';

/**
 * `/standup …`: parse (pure), ack at once, then do the work and answer through
 * response_url. Usage and parse errors go back in the ack itself.
 */
export function standupCommand(deps: ListenerDeps) {
  const { services, clock } = deps;
  // A day of slack either way: "the past" is judged generously across time zones.
  const today = () => addDays(localDateOf(clock.now(), 'UTC'), -1);
  return slashCommand(deps, {
    name: 'standup',
    usage: standupUsage,
    parse: (text) => parseStandupCommand(text, today()),
    homeChanges: (p) => {
      if (p.kind === 'open' || p.kind === 'setup' || p.kind === 'status' || p.kind === 'questions') return false;
      if ((p.kind === 'members' && p.op === 'list') || (p.kind === 'away' && p.op === 'list')) return false;
      // Who is in, when prompts come and what is asked: every member's Home shows it.
      if (p.kind === 'members' || p.kind === 'managers' || p.kind === 'schedule' || p.kind === 'timezone' || p.kind === 'question') return { everyone: true };
      return true;
    },
    run: async ({ parsed, actor, command, respond, client, say }) => {
      const { teams, standups } = services;
      switch (parsed.kind) {
        case 'open': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          const view = answerModal(await standups.answerView(actor, team));
          await client.views.open({ trigger_id: command.trigger_id, view });
          return;
        }
        case 'setup': {
          const view = setupModal(await teams.setupView(actor, command.channel_id, command.channel_name));
          view.private_metadata = JSON.stringify({ c: command.channel_id, n: command.channel_name });
          await client.views.open({ trigger_id: command.trigger_id, view });
          return;
        }
        case 'join': {
          const { team, created } = await teams.join(actor, command.channel_id, command.channel_name);
          await say(joinText(team, created));
          return;
        }
        case 'leave': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          await say(leaveText(team.name, await teams.leave(actor, team)));
          return;
        }
        case 'members':
        case 'managers': {
          if (parsed.op === 'list') {
            const team = await standups.teamForCommand(actor, command.channel_id);
            await say(rosterText(team.name, await teams.members(team)));
            return;
          }
          // Check the people before anything is created or changed.
          if (parsed.op === 'add') await services.users.requirePeople(actor.workspaceId, parsed.userIds);
          const { team, created, joined } = await teams.teamForSettings(actor, command.channel_id, command.channel_name, { create: parsed.op === 'add' });
          if (joined) {
            await say(lostRaceText(team, 'command'));
            return;
          }
          if (parsed.op === 'add') await teams.addPeople(team, actor, parsed.userIds, parsed.kind);
          else await teams.removePeople(team, parsed.userIds, parsed.kind);
          await say(peopleChangedText({ team, op: parsed.op, role: parsed.kind, userIds: parsed.userIds, created }));
          return;
        }
        case 'schedule':
        case 'timezone':
        case 'deadline':
        case 'reminder': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await say(scheduleChangeText(await teams.changeSchedule(team, parsed)));
          return;
        }
        case 'skip': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          const skipped = await standups.skip(actor, team);
          if (!('replayed' in skipped)) await say(skipText(skipped));
          return;
        }
        case 'status': {
          // In the team's channel one read has it all; elsewhere (a DM) the person's own team.
          const summary = (await standups.statusInChannel(actor, command.channel_id)) ?? (await standups.status(actor, await standups.teamForCommand(actor, command.channel_id)));
          await respond({ response_type: 'ephemeral', ...statusReply(summary) });
          return;
        }
        case 'questions': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          await say(questionsText(await teams.questionsOf(team)));
          return;
        }
        case 'question': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await teams.editQuestions(team, parsed);
          await say(`:pencil: Saved.\n${questionsText(await teams.questionsOf(team))}`);
          return;
        }
        case 'away': {
          await say(awayText(await standups.away(actor, parsed)));
          return;
        }
        case 'holidays': {
          const { availability } = services;
          if (parsed.op === 'team') {
            const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
            await say(teamRegionText(await availability.setTeamRegion(team, parsed.region ?? 'off')));
            return;
          }
          // Outside a team channel: the person's one team, if any (its default region applies).
          const team = await standups.teamForCommand(actor, command.channel_id).catch(() => undefined);
          if (parsed.op === 'mine') await say(myRegionText(await availability.setMyRegion(actor, parsed.region ?? 'team', team)));
          else await say(myHolidaysText(await availability.myHolidays(actor, team)));
          return;
        }
        case 'calendar': {
          const { availability } = services;
          if (parsed.op === 'status') await say(calendarStatusText(await availability.calendarStatus(actor)));
          else if (parsed.op === 'off') await say(calendarDisconnectedText(await availability.disconnectCalendar(actor)));
          else if (parsed.op === 'connect') {
            const connected = await availability.connectCalendar(actor, parsed.url);
            await say(calendarConnectedText(connected));
            // The first read now rather than at the next tick; a failure is reported by DM.
            await availability.readNow(actor, connected.key);
          }
          return;
        }
      }
    },
  });
}
