import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { teams, type Team } from '../teams/teams.schema.ts';
import { tasks } from '../workload/workload.schema.ts';
import { milestones, type Milestone, type NewMilestone } from './milestones.schema.ts';

/** Milestones, and the tasks that deliver them; every read by id is scoped by workspace. */
export function createMilestonesRepository({ db }: { db: Db }) {
  return {
    /** Undefined when the team already has a milestone of that name (the unique index decides, across replicas). */
    async create(row: NewMilestone): Promise<Milestone | undefined> {
      const [m] = await db.insert(milestones).values(row).onConflictDoNothing().returning();
      return m;
    },

    async byId(workspaceId: string, id: number): Promise<Milestone | undefined> {
      const rows = await db.select().from(milestones).where(and(eq(milestones.workspaceId, workspaceId), eq(milestones.id, id)));
      return rows[0];
    },

    /** A team's milestone by name, ignoring case; open ones first. */
    async byName(teamId: number, name: string): Promise<Milestone | undefined> {
      const rows = await db
        .select()
        .from(milestones)
        .where(and(eq(milestones.teamId, teamId), sql`lower(${milestones.name}) = lower(${name})`))
        .orderBy(asc(milestones.state), asc(milestones.id))
        .limit(1);
      return rows[0];
    },

    async openOfTeam(teamId: number): Promise<Milestone[]> {
      return db.select().from(milestones).where(and(eq(milestones.teamId, teamId), eq(milestones.state, 'open'))).orderBy(asc(milestones.targetDate), asc(milestones.id));
    },

    /**
     * Every open milestone of an active team, with its team: where the quarter-hour forecast
     * look starts. Read through the index of open milestones (`milestones_open_idx`), each
     * team by its key, so with none open it reads a page however many teams there are.
     */
    async openOfActiveTeams(): Promise<{ milestone: Milestone; team: Team }[]> {
      return db
        .select({ milestone: milestones, team: teams })
        .from(milestones)
        .innerJoin(teams, and(eq(teams.id, milestones.teamId), eq(teams.active, true)))
        .where(eq(milestones.state, 'open'))
        .orderBy(asc(milestones.teamId), asc(milestones.targetDate), asc(milestones.id));
    },

    async update(id: number, values: Partial<Pick<NewMilestone, 'targetDate' | 'budgetMinutes' | 'state' | 'doneAt'>>): Promise<Milestone> {
      const [m] = await db.update(milestones).set(values).where(eq(milestones.id, id)).returning();
      return m!;
    },

    /** The finished tasks of these milestones: what was done and when (the burn-up). */
    async doneTasksOf(milestoneIds: number[]): Promise<{ milestoneId: number; estimateMinutes: number | null; doneAt: Date }[]> {
      if (!milestoneIds.length) return [];
      const rows = await db
        .select({ milestoneId: tasks.milestoneId, estimateMinutes: tasks.estimateMinutes, doneAt: tasks.doneAt })
        .from(tasks)
        .where(and(inArray(tasks.milestoneId, milestoneIds), eq(tasks.status, 'done'), isNotNull(tasks.doneAt)));
      return rows.map((r) => ({ milestoneId: r.milestoneId!, estimateMinutes: r.estimateMinutes, doneAt: r.doneAt! }));
    },

    /**
     * Records the status the tick computed; true only for the one caller that changed it
     * (a conditional update, so two replicas never both see the change).
     */
    async recordStatus(id: number, from: Milestone['lastStatus'], to: NonNullable<Milestone['lastStatus']>, at: Date): Promise<boolean> {
      const same = from === null ? sql`${milestones.lastStatus} is null` : eq(milestones.lastStatus, from);
      const rows = await db.update(milestones).set({ lastStatus: to, lastStatusAt: at }).where(and(eq(milestones.id, id), same)).returning({ id: milestones.id });
      return rows.length > 0;
    },
  };
}

export type MilestonesRepository = ReturnType<typeof createMilestonesRepository>;
