import { and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { overloadWarnings, tasks, type NewTask, type Task } from './workload.schema.ts';

/** Tasks and overload warnings; every read of a task by id is scoped by workspace. */
export function createWorkloadRepository({ db }: { db: Db }) {
  return {
    async create(row: NewTask): Promise<Task> {
      const [t] = await db.insert(tasks).values(row).returning();
      return t!;
    },

    async byId(workspaceId: string, id: number): Promise<Task | undefined> {
      const rows = await db.select().from(tasks).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
      return rows[0];
    },

    async openOfTeam(teamId: number): Promise<Task[]> {
      return db.select().from(tasks).where(and(eq(tasks.teamId, teamId), ne(tasks.status, 'done'))).orderBy(asc(tasks.dueDate), asc(tasks.id));
    },

    async openOfTeams(teamIds: number[]): Promise<Task[]> {
      if (!teamIds.length) return [];
      return db.select().from(tasks).where(and(inArray(tasks.teamId, teamIds), ne(tasks.status, 'done'))).orderBy(asc(tasks.teamId), asc(tasks.dueDate), asc(tasks.id));
    },

    async doneBetween(teamId: number, from: Date, to: Date): Promise<Task[]> {
      return db.select().from(tasks).where(and(eq(tasks.teamId, teamId), eq(tasks.status, 'done'), gte(tasks.doneAt, from), lt(tasks.doneAt, to))).orderBy(asc(tasks.doneAt));
    },

    async update(id: number, values: Partial<Pick<NewTask, 'assigneeId' | 'estimateMinutes' | 'status' | 'startedAt' | 'doneAt' | 'dueDate' | 'sourceUrl' | 'milestoneId'>>): Promise<Task> {
      const [t] = await db.update(tasks).set(values).where(eq(tasks.id, id)).returning();
      return t!;
    },

    /**
     * Records a warning at `percent` unless one for that member and week already says
     * at least `percent - step`: true exactly once per rise, across replicas.
     */
    async recordWarning(row: { teamId: number; userId: string; week: string; percent: number; at: Date }, step: number): Promise<boolean> {
      const res = await db
        .insert(overloadWarnings)
        .values({ teamId: row.teamId, userId: row.userId, week: row.week, percent: row.percent, warnedAt: row.at })
        .onConflictDoUpdate({
          target: [overloadWarnings.teamId, overloadWarnings.userId, overloadWarnings.week],
          set: { percent: sql`excluded.percent`, warnedAt: sql`excluded.warned_at` },
          setWhere: sql`${overloadWarnings.percent} + ${step} <= excluded.percent`,
        })
        .returning({ percent: overloadWarnings.percent });
      return res.length > 0;
    },
  };
}

export type WorkloadRepository = ReturnType<typeof createWorkloadRepository>;
