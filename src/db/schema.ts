/** Every table, by domain; drizzle-kit reads this file to generate migrations. */
export * from '../workspaces/workspaces.schema.ts';
export * from '../teams/teams.schema.ts';
export * from '../standups/standups.schema.ts';
export * from '../outbox/deliveries.schema.ts';
export * from '../blockers/blockers.schema.ts';
export * from '../milestones/milestones.schema.ts';
export * from '../risks/risks.schema.ts';
export * from '../workload/workload.schema.ts';
export * from '../digests/digests.schema.ts';
export * from '../requests/requests.schema.ts';
export * from '../home/home.schema.ts';
export * from '../availability/availability.schema.ts';
export * from '../installations/installations.schema.ts';
