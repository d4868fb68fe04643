import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { pgErrorCode, type Database } from '@mz/db';
import { testDatabase } from '../../../../apps/server/src/testing/test-app.ts';
import { appendAudit, verifyAuditChain } from './audit.service.ts';

const actor = { actorId: null, actorName: '测试', actorRegion: '220105003000', ip: '127.0.0.1' };
const scope = { actorId: null, regionCode: '220105003000' };

describe.each(testEngines())('audit log (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase(engine);
    for (let i = 1; i <= 5; i++) {
      await db.transaction((tx) => appendAudit(tx, actor, { action: 'user.update', summary: `第 ${i} 次修改`, diff: { name: { before: `甲${i}`, after: `乙${i}` } } }), { scope });
    }
  });
  afterAll(async () => { await db?.close(); });

  it('chains every row to the previous one and verifies clean', async () => {
    const rows = await db.transaction((tx) => tx.rows<{ id: string; prev_hash: string; hash: string }>(sql`SELECT id::text AS id, prev_hash, hash FROM audit_log ORDER BY audit_log.id`));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    rows.forEach((r, i) => {
      expect(Number(r.id)).toBe(i + 1); // contiguous
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash);
    });
    expect(await db.transaction((tx) => verifyAuditChain(tx))).toEqual({ rows: rows.length, broken: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the application role', async () => {
    for (const statement of [sql`UPDATE audit_log SET summary = 'x'`, sql`DELETE FROM audit_log`, sql`TRUNCATE audit_log`]) {
      const attempt = db.transaction((tx) => tx.run(statement), { scope });
      await expect(attempt).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
    }
  });

  it('refuses UPDATE and DELETE even from the table owner (trigger)', async () => {
    await expect(db.transaction((tx) => tx.run(sql`UPDATE audit_log SET summary = 'x' WHERE id = 2`))).rejects.toThrow(/只能追加/);
    await expect(db.transaction((tx) => tx.run(sql`DELETE FROM audit_log WHERE id = 2`))).rejects.toThrow(/只能追加/);
  });

  it('shows an out-of-scope reader nothing', async () => {
    const rows = await db.transaction((tx) => tx.rows(sql`SELECT id FROM audit_log WHERE region_code = '220105003000'`), { scope: { actorId: null, regionCode: '220105001000' } });
    expect(rows).toEqual([]);
  });

  // A superuser can switch the guard triggers off; the chain still shows what was done.
  it('reports the first tampered row, then the first gap', async () => {
    const total = (await db.transaction((tx) => verifyAuditChain(tx))).rows;
    await db.transaction((tx) => tx.script(`
      ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      UPDATE audit_log SET summary = '被篡改' WHERE id = 3;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`));
    expect(await db.transaction((tx) => verifyAuditChain(tx))).toEqual({ rows: total, broken: { id: '3', problem: '记录内容与哈希不符（记录被篡改）' } });
    await db.transaction((tx) => tx.script(`
      ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      DELETE FROM audit_log WHERE id = 3;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`));
    expect((await db.transaction((tx) => verifyAuditChain(tx))).broken).toEqual({ id: '4', problem: '序号不连续（之前的记录被删除）' });
  });
});
