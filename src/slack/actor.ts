import type { SlashCommand } from '@slack/bolt';
import type { Actor } from '../shared/actor.ts';

/** The workspace a click, submission or shortcut came from (the door has checked it is installed). */
export function workspaceIdOf(body: { team?: { id?: string } | null; user?: { team_id?: string } }): string {
  return body.team?.id ?? body.user?.team_id ?? '';
}

/** The person behind a click, a modal submission or a shortcut, in their workspace. */
export function actorOf(body: { team?: { id?: string } | null; user: { id: string; team_id?: string } }): Actor {
  return { workspaceId: workspaceIdOf(body), userId: body.user.id };
}

/** The person behind a slash command. */
export function actorOfCommand(command: Pick<SlashCommand, 'team_id' | 'user_id'>): Actor {
  return { workspaceId: command.team_id, userId: command.user_id };
}
