import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { blockerCorrections, blockers } from '../blockers/blockers.schema.ts';
import type { Db } from '../db/database.ts';
import { digests } from '../digests/digests.schema.ts';
import { deliveries } from '../outbox/deliveries.schema.ts';
import { awayPeriods, standupEntries } from '../standups/standups.schema.ts';
import { calendarFeeds, memberHolidayRegions } from '../availability/availability.schema.ts';
import { teamMembers, teams } from '../teams/teams.schema.ts';
import { overloadWarnings, tasks } from '../workload/workload.schema.ts';
import { risks } from '../risks/risks.schema.ts';
import { milestones } from '../milestones/milestones.schema.ts';
import { slackUsers } from '../workspaces/workspaces.schema.ts';
import { homeTabs } from '../home/home.schema.ts';
import { digestMentions, forgottenText, scrubDigest, type ExportData, type ExportScope, type ForgetSummary } from './privacy.models.ts';

/** JSON with sorted keys: jsonb gives keys back in its own order. */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/**
 * People's data across every feature's tables: what an export reads, what forgetting
 * someone rewrites, and retention. Every query is scoped by workspace.
 */
export function createPrivacyRepository({ db }: { db: Db }) {
  const teamsOfWorkspace = (workspaceId: string) => db.select({ id: teams.id }).from(teams).where(eq(teams.workspaceId, workspaceId));

  return {
    /** Teams the person manages (as a manager or their creator). */
    async managedTeams(workspaceId: string, userId: string): Promise<{ id: number; name: string }[]> {
      const rows = await db
        .selectDistinct({ id: teams.id, name: teams.name })
        .from(teams)
        .leftJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, userId)))
        .where(and(eq(teams.workspaceId, workspaceId), or(eq(teams.createdBy, userId), eq(teamMembers.isManager, true))))
        .orderBy(asc(teams.id));
      return rows;
    },

    /** Everything an export holds, for a manager's teams or for one person. */
    async exportData(workspaceId: string, scope: ExportScope): Promise<ExportData> {
      const inWorkspace = eq(teams.workspaceId, workspaceId);
      const teamIds = scope.kind === 'teams' ? scope.teamIds : [];
      const entryWhere = scope.kind === 'teams' ? and(inWorkspace, inArray(standupEntries.teamId, teamIds.length ? teamIds : [-1])) : and(inWorkspace, eq(standupEntries.userId, scope.userId));
      const entries = await db
        .select({ e: standupEntries, team: teams.name, name: slackUsers.name })
        .from(standupEntries)
        .innerJoin(teams, eq(teams.id, standupEntries.teamId))
        .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, standupEntries.userId)))
        .where(entryWhere)
        .orderBy(asc(standupEntries.date), asc(teams.id), asc(standupEntries.userId));
      const blockerWhere =
        scope.kind === 'teams' ? and(eq(blockers.workspaceId, workspaceId), inArray(blockers.teamId, teamIds.length ? teamIds : [-1])) : and(eq(blockers.workspaceId, workspaceId), or(eq(blockers.reporterId, scope.userId), eq(blockers.ownerId, scope.userId)));
      const blockerRows = await db.select({ b: blockers, team: teams.name }).from(blockers).innerJoin(teams, eq(teams.id, blockers.teamId)).where(blockerWhere).orderBy(asc(blockers.id));
      const taskWhere =
        scope.kind === 'teams' ? and(eq(tasks.workspaceId, workspaceId), inArray(tasks.teamId, teamIds.length ? teamIds : [-1])) : and(eq(tasks.workspaceId, workspaceId), or(eq(tasks.assigneeId, scope.userId), eq(tasks.createdBy, scope.userId)));
      const taskRows = await db.select({ t: tasks, team: teams.name }).from(tasks).innerJoin(teams, eq(teams.id, tasks.teamId)).where(taskWhere).orderBy(asc(tasks.id));
      const milestoneWhere =
        scope.kind === 'teams' ? and(eq(milestones.workspaceId, workspaceId), inArray(milestones.teamId, teamIds.length ? teamIds : [-1])) : and(eq(milestones.workspaceId, workspaceId), eq(milestones.createdBy, scope.userId));
      const milestoneRows = await db.select({ m: milestones, team: teams.name }).from(milestones).innerJoin(teams, eq(teams.id, milestones.teamId)).where(milestoneWhere).orderBy(asc(milestones.id));
      const riskWhere =
        scope.kind === 'teams' ? and(eq(risks.workspaceId, workspaceId), inArray(risks.teamId, teamIds.length ? teamIds : [-1])) : and(eq(risks.workspaceId, workspaceId), or(eq(risks.ownerId, scope.userId), eq(risks.createdBy, scope.userId)));
      const riskRows = await db
        .select({ r: risks, team: teams.name, milestone: milestones.name })
        .from(risks)
        .innerJoin(teams, eq(teams.id, risks.teamId))
        .leftJoin(milestones, eq(milestones.id, risks.milestoneId))
        .where(riskWhere)
        .orderBy(asc(risks.id));
      const data: ExportData = {
        answers: entries.map(({ e, team, name }) => ({
          team,
          date: e.date,
          userId: e.userId,
          name: name ?? '',
          status: e.status,
          answeredAt: e.answeredAt,
          edits: e.editCount,
          answers: e.answers?.map((a) => ({ question: a.question, answer: a.answer })) ?? null,
        })),
        blockers: blockerRows.map(({ b, team }) => ({ id: b.id, team, reporterId: b.reporterId, ownerId: b.ownerId, status: b.status, text: b.text, openedDate: b.openedDate, resolvedAt: b.resolvedAt, resolvedBy: b.resolvedBy })),
        tasks: taskRows.map(({ t, team }) => ({ id: t.id, team, title: t.title, assigneeId: t.assigneeId, createdBy: t.createdBy, estimateMinutes: t.estimateMinutes, dueDate: t.dueDate, status: t.status, createdAt: t.createdAt, doneAt: t.doneAt, sourceUrl: t.sourceUrl })),
        milestones: milestoneRows.map(({ m, team }) => ({ id: m.id, team, name: m.name, targetDate: m.targetDate, budgetMinutes: m.budgetMinutes, state: m.state, createdBy: m.createdBy, createdAt: m.createdAt, doneAt: m.doneAt })),
        risks: riskRows.map(({ r, team, milestone }) => ({
          id: r.id,
          team,
          text: r.text,
          likelihood: r.likelihood,
          impact: r.impact,
          ownerId: r.ownerId,
          mitigation: r.mitigation,
          milestone,
          state: r.state,
          createdBy: r.createdBy,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          closedAt: r.closedAt,
        })),
      };
      if (scope.kind === 'teams') {
        const rows = await db
          .select({ d: digests, team: teams.name })
          .from(digests)
          .innerJoin(teams, eq(teams.id, digests.teamId))
          .where(and(eq(digests.workspaceId, workspaceId), inArray(digests.teamId, teamIds.length ? teamIds : [-1])))
          .orderBy(asc(digests.periodStart), asc(digests.id));
        data.digests = rows.map(({ d, team }) => ({ id: d.id, team, kind: d.kind, periodStart: d.periodStart, periodEnd: d.periodEnd, content: d.content, channelId: d.channelId, createdAt: d.createdAt }));
      } else {
        const away = await db.select().from(awayPeriods).where(and(eq(awayPeriods.workspaceId, workspaceId), eq(awayPeriods.userId, scope.userId))).orderBy(asc(awayPeriods.fromDate), asc(awayPeriods.id));
        data.timeOff = away.map((a) => ({ fromDate: a.fromDate, toDate: a.toDate }));
        const own = await db.select().from(memberHolidayRegions).where(and(eq(memberHolidayRegions.workspaceId, workspaceId), eq(memberHolidayRegions.userId, scope.userId)));
        const teamRegions = await db
          .select({ team: teams.name, region: teams.holidayRegion })
          .from(teams)
          .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, scope.userId)))
          .where(and(inWorkspace, sql`${teams.holidayRegion} is not null`))
          .orderBy(asc(teams.id));
        data.holidayRegions = [
          ...own.map((r) => ({ source: 'own' as const, team: null, region: r.region })),
          ...teamRegions.map((t) => ({ source: 'team' as const, team: t.team, region: t.region! })),
        ];
        const feeds = await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.userId, scope.userId)));
        // The address is a secret (and sealed at rest): scheme and host only, never the path that grants access.
        data.calendar = feeds.map((f) => ({ address: f.shownAddress || '(a calendar address)', connectedAt: f.createdAt, lastTriedAt: f.fetchedAt, lastReadAt: f.okAt, lastError: f.error }));
        data.calendarDays = feeds.flatMap((f) => f.days).sort();
      }
      return data;
    },

    /** What forgetting the person would touch, for the confirmation. */
    async forgetPreview(workspaceId: string, userId: string): Promise<ForgetSummary> {
      const [answers] = await db.select({ n: sql<number>`count(*)::int` }).from(standupEntries).where(and(eq(standupEntries.userId, userId), inArray(standupEntries.teamId, teamsOfWorkspace(workspaceId)), sql`${standupEntries.answers} is not null`));
      const [blockerCount] = await db.select({ n: sql<number>`count(*)::int` }).from(blockers).where(and(eq(blockers.workspaceId, workspaceId), eq(blockers.reporterId, userId), ne(blockers.text, forgottenText)));
      const [teamCount] = await db.select({ n: sql<number>`count(*)::int` }).from(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, teamsOfWorkspace(workspaceId))));
      const [away] = await db.select({ n: sql<number>`count(*)::int` }).from(awayPeriods).where(and(eq(awayPeriods.workspaceId, workspaceId), eq(awayPeriods.userId, userId)));
      return { answers: answers!.n, blockers: blockerCount!.n, teams: teamCount!.n, timeOff: away!.n, digests: 0 };
    },

    /**
     * Deletes what says who the person is or what they wrote, in this workspace only; keeps
     * every row that a count is made of (standup entries with their status and dates,
     * blockers with their dates and status, tasks), so participation and trends survive.
     * Idempotent: forgetting twice changes nothing more. Run it in a transaction.
     */
    async forget(workspaceId: string, userId: string): Promise<ForgetSummary> {
      const wsTeams = teamsOfWorkspace(workspaceId);
      const answers = await db
        .update(standupEntries)
        .set({ answers: null })
        .where(and(eq(standupEntries.userId, userId), inArray(standupEntries.teamId, wsTeams), sql`${standupEntries.answers} is not null`))
        .returning({ id: standupEntries.id });
      const scrubbed = await db
        .update(blockers)
        .set({ text: forgottenText, normalized: sql`'forgotten:' || ${blockers.id}` })
        .where(and(eq(blockers.workspaceId, workspaceId), eq(blockers.reporterId, userId), ne(blockers.text, forgottenText)))
        .returning({ id: blockers.id });
      // What detection learnt from their lines is their text too.
      await db.delete(blockerCorrections).where(and(eq(blockerCorrections.workspaceId, workspaceId), eq(blockerCorrections.byUserId, userId)));
      const left = await db.delete(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, wsTeams))).returning({ teamId: teamMembers.teamId });
      await db.delete(overloadWarnings).where(and(eq(overloadWarnings.userId, userId), inArray(overloadWarnings.teamId, wsTeams)));
      // Risks they owned stay in the register, owned by nobody (the weekly review stops).
      await db.update(risks).set({ ownerId: null }).where(and(eq(risks.workspaceId, workspaceId), eq(risks.ownerId, userId)));
      const away = await db.delete(awayPeriods).where(and(eq(awayPeriods.workspaceId, workspaceId), eq(awayPeriods.userId, userId))).returning({ id: awayPeriods.id });
      await db.delete(slackUsers).where(and(eq(slackUsers.workspaceId, workspaceId), eq(slackUsers.userId, userId)));
      await db.delete(homeTabs).where(and(eq(homeTabs.workspaceId, workspaceId), eq(homeTabs.userId, userId)));
      // Their holiday region and calendar feed (its secret address and the days read from it).
      await db.delete(memberHolidayRegions).where(and(eq(memberHolidayRegions.workspaceId, workspaceId), eq(memberHolidayRegions.userId, userId)));
      await db.delete(calendarFeeds).where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.userId, userId)));
      let rewritten = 0;
      for (const d of await db.select().from(digests).where(eq(digests.workspaceId, workspaceId))) {
        if (!digestMentions(d.content, userId)) continue;
        const content = scrubDigest(d.content, userId);
        if (canonical(content) === canonical(d.content)) continue;
        await db.update(digests).set({ content }).where(eq(digests.id, d.id));
        rewritten++;
      }
      // Messages still queued for them or about them (a prompt, a question on their answer, an
      // overload warning naming them) are not sent; what was queued loses its text. A row being
      // sent right now is left to finish.
      const needle = `%"${userId}"%`;
      const mention = `%<@${userId}>%`;
      await db
        .update(deliveries)
        .set({ payload: { forgotten: true }, status: sql`case when ${deliveries.status} = 'pending' then 'cancelled' else ${deliveries.status} end`, lastError: sql`case when ${deliveries.status} = 'pending' then 'person forgotten' else ${deliveries.lastError} end` })
        .where(and(eq(deliveries.workspaceId, workspaceId), ne(deliveries.status, 'sending'), or(sql`${deliveries.payload}::text like ${needle}`, sql`${deliveries.payload}::text like ${mention}`)));
      return { answers: answers.length, blockers: scrubbed.length, teams: left.length, timeOff: away.length, digests: rewritten };
    },

    /**
     * Clears the text of answers older than each team's retention (months, in the team's
     * zone, as of `now`); statuses and dates stay, so participation counts survive.
     * One statement: replicas running it at the same minute agree.
     */
    async applyRetention(now: Date): Promise<number> {
      const rows = await db
        .update(standupEntries)
        .set({ answers: null })
        .where(
          and(
            sql`${standupEntries.answers} is not null`,
            inArray(
              standupEntries.teamId,
              db.select({ id: teams.id }).from(teams).where(sql`${teams.answerRetentionMonths} is not null`),
            ),
            sql`${standupEntries.date} < (select ((${now.toISOString()}::timestamptz at time zone t.timezone)::date - make_interval(months => t.answer_retention_months))::date from ${teams} t where t.id = ${standupEntries.teamId})`,
          ),
        )
        .returning({ id: standupEntries.id });
      return rows.length;
    },
  };
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
