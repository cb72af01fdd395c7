import { parseStandupCommand } from '../../standups/standup-command.parser.ts';
import { escapeMrkdwn, listJoin } from '../../shared/text.ts';
import { addDays, formatWeekdays, localDateOf } from '../../shared/time.ts';
import { setupModal } from '../blocks/setup.blocks.ts';
import { standupUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { answerModal, statusReply } from '../blocks/standup.blocks.ts';

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
          await say(
            created
              ? `:tada: Created the standup team ${escapeMrkdwn(team.name)} with you as its manager and first member. ${standups.describeSchedule(team)} \`/standup setup\` changes anything.`
              : `:wave: You're in ${escapeMrkdwn(team.name)}. ${standups.describeSchedule(team)}`,
          );
          return;
        }
        case 'leave': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          const left = await teams.leave(actor, team);
          await say(left ? `You've left ${escapeMrkdwn(team.name)}'s standups; no more prompts from it. \`/standup join\` brings you back.` : `You weren't answering ${escapeMrkdwn(team.name)}'s standups.`);
          return;
        }
        case 'members':
        case 'managers': {
          if (parsed.op === 'list') {
            const team = await standups.teamForCommand(actor, command.channel_id);
            const members = await teams.members(team);
            const who = (pred: (m: (typeof members)[number]) => boolean) => listJoin(members.filter(pred).map((m) => `<@${m.userId}>`)) || '—';
            await say(`*${escapeMrkdwn(team.name)}*\nAnswering: ${who((m) => m.isParticipant)}\nManagers: ${who((m) => m.isManager)}`);
            return;
          }
          // Check the people before anything is created or changed.
          if (parsed.op === 'add') await services.users.requirePeople(actor.workspaceId, parsed.userIds);
          const { team, created, joined } = await teams.teamForSettings(actor, command.channel_id, command.channel_name, { create: parsed.op === 'add' });
          if (joined) {
            await say(`:wave: <@${team.createdBy}> created ${escapeMrkdwn(team.name)} here a moment before you, so you joined it as a member; nobody else was added. Ask a manager to add people: \`/standup members add @a\`. ${standups.describeSchedule(team)}`);
            return;
          }
          const mentions = listJoin(parsed.userIds.map((id) => `<@${id}>`));
          if (parsed.op === 'add') {
            await teams.addPeople(team, actor, parsed.userIds, parsed.kind);
            const what = parsed.kind === 'managers' ? 'as managers' : 'to the standup';
            await say(`${created ? `:tada: Created the standup team ${escapeMrkdwn(team.name)} (you manage it). ` : ''}Added ${mentions} ${what}. ${standups.describeSchedule(team)}`);
          } else {
            await teams.removePeople(team, parsed.userIds, parsed.kind);
            await say(`Removed ${mentions} ${parsed.kind === 'managers' ? 'as managers' : 'from the standup'}.`);
          }
          return;
        }
        case 'schedule': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          if (team.deadlineTime <= parsed.time) {
            await say(`:warning: The report deadline is ${team.deadlineTime}, so prompts must come before it. Move it first: \`/standup deadline 14:00\`. Nothing was changed.`);
            return;
          }
          const updated = await teams.update(team, { promptTime: parsed.time, ...(parsed.days ? { workingDays: parsed.days } : {}) });
          await say(`:calendar: ${escapeMrkdwn(updated.name)}: prompts at ${updated.promptTime}, ${formatWeekdays(updated.workingDays)}. ${standups.describeSchedule(updated)}`);
          return;
        }
        case 'timezone': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const updated = await teams.update(team, parsed.mode === 'pinned' ? { tzMode: 'pinned', timezone: parsed.zone } : { tzMode: 'member' });
          await say(`:globe_with_meridians: ${standups.describeSchedule(updated)}`);
          return;
        }
        case 'deadline': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          if (parsed.time <= team.promptTime) {
            await say(`:warning: The deadline must come after the prompt time (${team.promptTime}). Example: \`/standup deadline 13:00\`. Nothing was changed.`);
            return;
          }
          const updated = await teams.update(team, { deadlineTime: parsed.time });
          await say(`:alarm_clock: ${standups.describeSchedule(updated)}`);
          return;
        }
        case 'reminder': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const [ph, pm] = team.promptTime.split(':').map(Number) as [number, number];
          const [dh, dm] = team.deadlineTime.split(':').map(Number) as [number, number];
          if (parsed.minutes !== null && ph * 60 + pm + parsed.minutes >= dh * 60 + dm) {
            await say(`:warning: A reminder ${parsed.minutes} minutes after the ${team.promptTime} prompt would come after the ${team.deadlineTime} deadline. Example: \`/standup reminder 60m\`, or move the deadline first. Nothing was changed.`);
            return;
          }
          const updated = await teams.update(team, { reminderMinutes: parsed.minutes });
          await say(`:bell: ${standups.describeSchedule(updated)}`);
          return;
        }
        case 'skip': {
          const team = await standups.teamForCommand(actor, command.channel_id);
          const text = await standups.skip(actor, team);
          if (typeof text === 'string') await say(text);
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
          await say(await teams.describeQuestions(team));
          return;
        }
        case 'question': {
          const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await teams.editQuestions(team, parsed);
          await say(`:pencil: Saved.\n${await teams.describeQuestions(team)}`);
          return;
        }
        case 'away': {
          const reply = await standups.away(actor, parsed);
          await say(reply);
          return;
        }
        case 'holidays': {
          const { availability } = services;
          if (parsed.op === 'team') {
            const { team } = await teams.teamForSettings(actor, command.channel_id, command.channel_name);
            await say(await availability.setTeamRegion(team, parsed.region ?? 'off'));
            return;
          }
          // Outside a team channel: the person's one team, if any (its default region applies).
          const team = await standups.teamForCommand(actor, command.channel_id).catch(() => undefined);
          if (parsed.op === 'mine') await say(await availability.setMyRegion(actor, parsed.region ?? 'team', team));
          else await say(await availability.myHolidays(actor, team));
          return;
        }
        case 'calendar': {
          const { availability } = services;
          if (parsed.op === 'status') await say(await availability.calendarStatus(actor));
          else if (parsed.op === 'off') await say(await availability.disconnectCalendar(actor));
          else if (parsed.op === 'connect') {
            const { reply, key } = await availability.connectCalendar(actor, parsed.url);
            await say(reply);
            // The first read now rather than at the next tick; a failure is reported by DM.
            await availability.readNow(actor, key);
          }
          return;
        }
      }
    },
  });
}
