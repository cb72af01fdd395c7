import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { QuestionInput } from './setup.models.ts';
import { slackUsers } from '../workspaces/workspaces.schema.ts';
import { questions, teamMembers, teams, type NewTeam, type Question, type Team, type TeamMember } from './teams.schema.ts';

export type MemberWithUser = TeamMember & { name: string | null; tz: string | null };
export type { QuestionInput };

export const defaultQuestions: QuestionInput[] = [
  { text: 'What did you get done since last time?', kind: 'done', required: true },
  { text: 'What are you working on today?', kind: 'plan', required: true },
  { text: 'Anything blocking you?', kind: 'blockers', required: false },
];

/** Every query is scoped by workspace: one workspace never sees another's teams. */
export function createTeamsRepository({ db }: { db: Db }) {
  return {
    async findByChannel(workspaceId: string, channelId: string): Promise<Team | undefined> {
      const rows = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.channelId, channelId)));
      return rows[0];
    },

    async findById(workspaceId: string, id: number): Promise<Team | undefined> {
      const rows = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
      return rows[0];
    },

    async teamsOfUser(workspaceId: string, userId: string): Promise<Team[]> {
      return db
        .select({ team: teams })
        .from(teams)
        .innerJoin(teamMembers, eq(teamMembers.teamId, teams.id))
        .where(and(eq(teams.workspaceId, workspaceId), eq(teamMembers.userId, userId), eq(teams.active, true)))
        .orderBy(asc(teams.id))
        .then((rows) => rows.map((r) => r.team));
    },

    /**
     * Creates the channel's team with the default questions, unless it has one: then that
     * team, and `created: false`. The insert is the arbiter (ON CONFLICT DO NOTHING on the
     * channel's unique key), so of two people racing exactly one creates it.
     */
    async createTeam(values: NewTeam, qs: QuestionInput[] = defaultQuestions): Promise<{ team: Team; created: boolean }> {
      const inserted = await db.insert(teams).values(values).onConflictDoNothing({ target: [teams.workspaceId, teams.channelId] }).returning();
      const team = inserted[0];
      if (!team) {
        const existing = await this.findByChannel(values.workspaceId, values.channelId);
        if (!existing) throw new Error('team insert conflicted but no team found');
        return { team: existing, created: false };
      }
      if (qs.length) await db.insert(questions).values(qs.map((q, i) => ({ ...q, teamId: team.id, position: i })));
      return { team, created: true };
    },

    async update(team: Pick<Team, 'id' | 'workspaceId'>, values: Partial<Omit<NewTeam, 'id' | 'workspaceId' | 'channelId'>>): Promise<Team> {
      const rows = await db
        .update(teams)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(teams.id, team.id), eq(teams.workspaceId, team.workspaceId)))
        .returning();
      return rows[0]!;
    },

    async members(teamId: number): Promise<MemberWithUser[]> {
      const rows = await db
        .select({ m: teamMembers, name: slackUsers.name, tz: slackUsers.tz })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, teamMembers.userId)))
        .where(eq(teamMembers.teamId, teamId))
        .orderBy(asc(teamMembers.joinedAt), asc(teamMembers.userId));
      return rows.map((r) => ({ ...r.m, name: r.name, tz: r.tz }));
    },

    async member(teamId: number, userId: string): Promise<TeamMember | undefined> {
      const rows = await db.select().from(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
      return rows[0];
    },

    /** Adds people (existing members keep their settings); `asParticipants` re-enables answering. */
    async addMembers(teamId: number, userIds: string[], opts: { managers?: boolean; at: Date }): Promise<void> {
      if (!userIds.length) return;
      await db
        .insert(teamMembers)
        .values(userIds.map((userId) => ({ teamId, userId, isManager: opts.managers ?? false, isParticipant: !opts.managers, joinedAt: opts.at })))
        .onConflictDoUpdate({
          target: [teamMembers.teamId, teamMembers.userId],
          // Someone who starts answering again joins from now, not from when they first joined.
          set: opts.managers ? { isManager: true } : { isParticipant: true, joinedAt: sql`case when ${teamMembers.isParticipant} then ${teamMembers.joinedAt} else ${opts.at.toISOString()}::timestamptz end` },
        });
    },

    async removeMembers(teamId: number, userIds: string[]): Promise<void> {
      if (!userIds.length) return;
      // A manager stays on the team (to read warnings) but no longer answers.
      await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, userIds), eq(teamMembers.isManager, false)));
      await db
        .update(teamMembers)
        .set({ isParticipant: false })
        .where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, userIds)));
    },

    async removeManagers(teamId: number, userIds: string[]): Promise<void> {
      if (!userIds.length) return;
      await db
        .update(teamMembers)
        .set({ isManager: false })
        .where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, userIds)));
      await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, userIds), eq(teamMembers.isParticipant, false)));
    },

    /** Sets exactly these participants and managers (the setup modal's two pickers). */
    async setRoster(teamId: number, participants: string[], managers: string[], at: Date): Promise<void> {
      const everyone = [...new Set([...participants, ...managers])];
      await db.delete(teamMembers).where(everyone.length ? and(eq(teamMembers.teamId, teamId), notInArray(teamMembers.userId, everyone)) : eq(teamMembers.teamId, teamId));
      if (!everyone.length) return;
      await db
        .insert(teamMembers)
        .values(everyone.map((userId) => ({ teamId, userId, isParticipant: participants.includes(userId), isManager: managers.includes(userId), joinedAt: at })))
        .onConflictDoUpdate({
          target: [teamMembers.teamId, teamMembers.userId],
          set: {
            joinedAt: sql`case when ${teamMembers.isParticipant} then ${teamMembers.joinedAt} else excluded.joined_at end`,
            isParticipant: sql`excluded.is_participant`,
            isManager: sql`excluded.is_manager`,
          },
        });
    },

    async setCapacity(teamId: number, userId: string, hours: number): Promise<void> {
      await db.update(teamMembers).set({ capacityHours: hours }).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    },

    async questions(teamId: number): Promise<Question[]> {
      return db.select().from(questions).where(eq(questions.teamId, teamId)).orderBy(asc(questions.position), asc(questions.id));
    },

    /**
     * Replaces the question list, keeping the ids of questions whose text is unchanged
     * so stored answers still point at them.
     */
    async replaceQuestions(teamId: number, list: QuestionInput[]): Promise<void> {
      const current = await this.questions(teamId);
      const keep = new Map(current.map((q) => [q.text, q]));
      const used = new Set<number>();
      for (const [position, q] of list.entries()) {
        const existing = keep.get(q.text);
        if (existing && !used.has(existing.id)) {
          used.add(existing.id);
          await db.update(questions).set({ position, kind: q.kind, required: q.required }).where(eq(questions.id, existing.id));
        } else {
          const [row] = await db.insert(questions).values({ teamId, position, text: q.text, kind: q.kind, required: q.required }).returning();
          used.add(row!.id);
        }
      }
      const stale = current.filter((q) => !used.has(q.id)).map((q) => q.id);
      if (stale.length) await db.delete(questions).where(inArray(questions.id, stale));
    },

    /** Every member of these teams, with profile name and zone (in chunks: one bound parameter per team). */
    async membersOfTeams(teamIds: number[]): Promise<MemberWithUser[]> {
      const out: MemberWithUser[] = [];
      for (let i = 0; i < teamIds.length; i += 1000) {
        const rows = await db
          .select({ m: teamMembers, name: slackUsers.name, tz: slackUsers.tz })
          .from(teamMembers)
          .innerJoin(teams, eq(teams.id, teamMembers.teamId))
          .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, teamMembers.userId)))
          .where(inArray(teamMembers.teamId, teamIds.slice(i, i + 1000)))
          .orderBy(asc(teamMembers.teamId), asc(teamMembers.joinedAt), asc(teamMembers.userId));
        out.push(...rows.map((r) => ({ ...r.m, name: r.name, tz: r.tz })));
      }
      return out;
    },

    /** What the scheduler needs: every active team and its answering members with their zones. */
    async scheduleSnapshot() {
      const ts = await db.select().from(teams).where(eq(teams.active, true));
      const ms = await db
        .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, tz: slackUsers.tz, joinedAt: teamMembers.joinedAt })
        .from(teamMembers)
        .innerJoin(teams, and(eq(teams.id, teamMembers.teamId), eq(teams.active, true)))
        .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, teamMembers.userId)))
        .where(eq(teamMembers.isParticipant, true));
      return { teams: ts, members: ms };
    },
  };
}

export type TeamsRepository = ReturnType<typeof createTeamsRepository>;
