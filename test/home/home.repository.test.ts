import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHomeRepository } from '../../src/home/home.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('who has opened their Home', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.close());

  it('records an opening that is someone’s very first contact with the workspace (no workspace row yet)', async () => {
    const homes = createHomeRepository({ db: db.db });
    await homes.markOpened('TFIRST', 'U1', new Date('2026-12-02T06:00:00Z'));
    await homes.markOpened('TFIRST', 'U1', new Date('2026-12-02T06:01:00Z'));
    expect(await homes.openedAmong('TFIRST', ['U1', 'U2'])).toEqual(['U1']);
  });
});
