import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kinds } from '../../src/outbox/kinds.ts';
import { createDeliveriesRepository } from '../../src/outbox/deliveries.repository.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { requestExport } from '../../src/privacy/privacy.usecases.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import type { UsersService } from '../../src/workspaces/users.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/**
 * An export's delivery key names its workspace: user ids are unique only within a workspace,
 * delivery keys across all, so two workspaces' people with the same id exporting in the same
 * minute are two exports, not one (the second was dropped by ON CONFLICT DO NOTHING).
 */
describe('the privacy export delivery key', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.close());

  it('differs by workspace for the same person, request and minute', () => {
    const p = { requesterId: 'UANA', who: 'me' as const, minute: 29_000_000 };
    expect(kinds.privacyExport.key({ workspaceId: 'T0001', ...p })).toBe('privacy-export:T0001:UANA:me:29000000');
    expect(kinds.privacyExport.key({ workspaceId: 'T0002', ...p })).not.toBe(kinds.privacyExport.key({ workspaceId: 'T0001', ...p }));
  });

  it('still reads a row queued before the key named the workspace (an export asked for just before an upgrade is sent, not cancelled)', () => {
    const old = { requesterId: 'UANA', who: 'me', minute: 29_000_000 };
    expect(kinds.privacyExport.payload.safeParse(old).success).toBe(true);
  });

  it('queues one export per workspace when two people with one id ask in the same minute; the same request twice is one', async () => {
    const deps = { deliveries: createDeliveriesRepository({ db: db.db }), clock: createTestClock('2026-12-04T12:00:00Z'), users: {} as UsersService };
    const first = await requestExport(deps, { workspaceId: 'T0001', userId: 'UANA' }, 'me');
    const other = await requestExport(deps, { workspaceId: 'T0002', userId: 'UANA' }, 'me');
    const again = await requestExport(deps, { workspaceId: 'T0001', userId: 'UANA' }, 'me');
    expect(again).toEqual(first);
    const rows = await db.db.select().from(deliveries);
    expect(rows.map((r) => [r.workspaceId, r.key]).sort()).toEqual([
      ['T0001', (first as { key: string }).key],
      ['T0002', (other as { key: string }).key],
    ]);
    expect((first as { key: string }).key).not.toBe((other as { key: string }).key);
  });
});
