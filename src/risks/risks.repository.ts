import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { milestones } from '../milestones/milestones.schema.ts';
import { teams, type Team } from '../teams/teams.schema.ts';
import { risks, type NewRisk, type Risk } from './risks.schema.ts';

export type RiskWithMilestone = Risk & { milestoneName: string | null };

/** The risk register; every read by id is scoped by workspace. */
export function createRisksRepository({ db }: { db: Db }) {
  const withMilestone = () =>
    db
      .select({ risk: risks, milestoneName: milestones.name })
      .from(risks)
      .leftJoin(milestones, eq(milestones.id, risks.milestoneId));
  const flat = (rows: { risk: Risk; milestoneName: string | null }[]): RiskWithMilestone[] => rows.map((r) => ({ ...r.risk, milestoneName: r.milestoneName }));

  return {
    async create(row: NewRisk): Promise<Risk> {
      const [r] = await db.insert(risks).values(row).returning();
      return r!;
    },

    async byId(workspaceId: string, id: number): Promise<Risk | undefined> {
      const rows = await db.select().from(risks).where(and(eq(risks.workspaceId, workspaceId), eq(risks.id, id)));
      return rows[0];
    },

    async openOfTeam(teamId: number): Promise<RiskWithMilestone[]> {
      return flat(await withMilestone().where(and(eq(risks.teamId, teamId), eq(risks.state, 'open'))).orderBy(asc(risks.id)));
    },

    /** Open and closed, newest first, at most `limit`. */
    async allOfTeam(teamId: number, limit: number): Promise<RiskWithMilestone[]> {
      return flat(await withMilestone().where(eq(risks.teamId, teamId)).orderBy(desc(risks.id)).limit(limit));
    },

    async countOpen(teamId: number): Promise<number> {
      return (await db.select({ id: risks.id }).from(risks).where(and(eq(risks.teamId, teamId), eq(risks.state, 'open')))).length;
    },

    /**
     * Each owner of open risks in an active team, with the team: who gets the weekly review
     * nudge. Read through the index of owned open risks (`risks_owned_open_idx`), each team by
     * its key, so with none it reads a page however many teams there are.
     */
    async ownersOfOpenInActiveTeams(): Promise<{ ownerId: string; team: Team }[]> {
      const rows = await db
        .selectDistinct({ teamId: risks.teamId, ownerId: risks.ownerId, team: teams })
        .from(risks)
        .innerJoin(teams, and(eq(teams.id, risks.teamId), eq(teams.active, true)))
        .where(and(eq(risks.state, 'open'), isNotNull(risks.ownerId)))
        .orderBy(asc(risks.teamId), asc(risks.ownerId));
      return rows.map((r) => ({ ownerId: r.ownerId!, team: r.team }));
    },

    /** One person's open risks in a workspace, across their teams. */
    async openOwnedBy(workspaceId: string, ownerId: string): Promise<RiskWithMilestone[]> {
      return flat(await withMilestone().where(and(eq(risks.workspaceId, workspaceId), eq(risks.ownerId, ownerId), eq(risks.state, 'open'))).orderBy(asc(risks.id)));
    },

    async update(id: number, values: Partial<Pick<NewRisk, 'text' | 'likelihood' | 'impact' | 'ownerId' | 'mitigation' | 'milestoneId' | 'state' | 'closedAt' | 'updatedAt'>>): Promise<Risk> {
      const [r] = await db.update(risks).set(values).where(eq(risks.id, id)).returning();
      return r!;
    },
  };
}

export type RisksRepository = ReturnType<typeof createRisksRepository>;
