import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { pgErrorCode, type Database } from '@mz/db';
import { testDatabase } from '../../../../apps/server/src/testing/test-app.ts';

// The database itself, not just the repository filter, refuses rows outside the actor's subtree.
describe.each(testEngines())('row-level security on iam_user (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => { db = await testDatabase(engine); });
  afterAll(async () => { await db?.close(); });

  const dongsheng = { actorId: null, regionCode: '220105001000' }; // 东盛街道
  const rongguang = '220105003000'; // 荣光街道

  it('hides other jurisdictions even from a query with no WHERE clause', async () => {
    const rows = await db.transaction((tx) => tx.rows<{ username: string }>(sql`SELECT username FROM iam_user ORDER BY username`), { scope: dongsheng });
    expect(rows.map((r) => r.username)).toEqual(['demo-township2']);
  });

  it('sees the whole subtree from a county', async () => {
    const rows = await db.transaction((tx) => tx.rows<{ username: string }>(sql`SELECT username FROM iam_user ORDER BY username`), { scope: { actorId: null, regionCode: '220105000000' } });
    expect(rows.map((r) => r.username)).toEqual(['demo-carehome', 'demo-county', 'demo-county-clerk', 'demo-county-reviewer', 'demo-township', 'demo-township-head', 'demo-township-leader', 'demo-township2', 'demo-village']);
  });

  it('cannot update or delete a row outside the subtree (0 rows affected)', async () => {
    const updated = await db.transaction((tx) => tx.run(sql`UPDATE iam_user SET display_name = '篡改' WHERE region_code = ${rongguang}`), { scope: dongsheng });
    expect(updated).toBe(0);
    // A DELETE with no condition reaches only the rows the scope shows (demo-township2's two roles);
    // the transaction is rolled back so the fixture stays intact.
    const deleted = await db.transaction(async (tx) => {
      const n = await tx.run(sql`DELETE FROM iam_user_role`);
      throw Object.assign(new Error('rollback'), { n });
    }, { scope: dongsheng }).catch((e) => e.n);
    expect(deleted).toBe(2);
    const names = await db.transaction((tx) => tx.rows<{ display_name: string }>(sql`SELECT display_name FROM iam_user WHERE region_code = ${rongguang} ORDER BY username`));
    expect(names.map((n) => n.display_name)).toEqual(['二道区社会福利院经办员', '荣光街道经办员', '荣光街道分管主任', '荣光街道审核员']);
  });

  it('refuses to insert or move a row into another jurisdiction', async () => {
    const insert = db.transaction((tx) => tx.run(sql`
      INSERT INTO iam_user (username, display_name, region_code, password_hash) VALUES ('intruder', '越权', ${rongguang}, 'x')`), { scope: dongsheng });
    await expect(insert).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
    const move = db.transaction((tx) => tx.run(sql`UPDATE iam_user SET region_code = ${rongguang} WHERE username = 'demo-township2'`), { scope: dongsheng });
    await expect(move).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
  });

  it('shows nothing to the application role when no scope is set', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.script('SET LOCAL ROLE mz_app');
      return tx.rows(sql`SELECT username FROM iam_user`);
    });
    expect(rows).toEqual([]);
  });

  it('never lets the application role read session tokens', async () => {
    const read = db.transaction((tx) => tx.rows(sql`SELECT * FROM iam_session`), { scope: { actorId: null, regionCode: '220000000000' } });
    await expect(read).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
  });
});
