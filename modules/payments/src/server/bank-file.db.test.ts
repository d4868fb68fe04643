import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { maskBankAccount } from '@mz/kernel';
import { testEngines } from '@mz/testing';
import { TEST_CIPHER, testDatabase } from '../../../../apps/server/src/testing/test-app.ts';
import { csvField, formatAmount, STANDARD_PROFILE, type BankField, type BankProfile } from '../domain/index.ts';
import { exportBankFile } from './bank-file.ts';
import { createBankProfile } from './bank-profile.service.ts';
import { findProgramme, programmeName, registerProgramme } from './programmes.ts';
import { generateRegularRoll } from './roll.generate.ts';

// The bank file of a roll big enough for the bulk path: accounts opened on the sealing pool's
// worker threads (more than its inline threshold), read in several pages. Every cell is compared
// with what the plain per-cell route gives — FieldCipher.decrypt() of the envelope the transfer
// keeps, csvField(), formatAmount() — so the fast path writes exactly the file the slow one did.
// Then the roll's database checks that now sum the lines once, when the roll leaves draft.

const COUNTY = '220105000000';
const VILLAGE = '220105003005'; // 岭东社区
const PROGRAMME = 't_bankfile';
const N = 3000;
const ACTOR: Actor = {
  kind: 'user', id: randomUUID(), name: '导出测试经办员', regionCode: COUNTY, roles: ['clerk'],
  permissions: new Set(['payments.read', 'payments.prepare', 'payments.export']),
};
const WHO: AuditActor = { actorId: ACTOR.id, actorName: ACTOR.name, actorRegion: COUNTY, ip: null };
const SCOPE = { scope: { actorId: ACTOR.id, regionCode: COUNTY } };

// Awkward values where a CSV cell must be quoted, and the plain ones most rows have.
const holderOf = (i: number) => (i % 97 === 5 ? `赵"五",${i}\n` : i % 89 === 3 ? `钱,${i}` : `受益人${i}`);
const accountOf = (i: number) => `6217${String(100_000_000_000 + i * 7919)}`;
const idOf = (i: number) => `220105195001${String(i).padStart(5, '0')}X`.slice(0, 18);

/** The file as the per-cell route builds it, from the transfers the export cut. */
async function expectedRows(db: Database, rollId: string, profile: BankProfile, memo: string): Promise<string[][]> {
  const rows = await db.transaction((tx) => tx.rows<{
    transfer_no: number; amount_fen: string; payee_name: string | null; account_cipher: string; bank_name: string | null; region_name: string | null; id_cipher: string | null;
  }>(sql`
    SELECT t.transfer_no, t.amount_fen, t.payee_name, t.account_cipher, t.bank_name, g.name AS region_name, p.id_cipher
    FROM payments_transfer t LEFT JOIN region g ON g.code = t.region_code LEFT JOIN registry_person p ON p.id = t.payee_person_id
    WHERE t.roll_id = ${rollId}::uuid ORDER BY t.transfer_no`));
  const cell = (field: BankField, r: (typeof rows)[number]): string => {
    switch (field) {
      case 'transferNo': return String(r.transfer_no);
      case 'account': return TEST_CIPHER.decrypt('bank_account', r.account_cipher);
      case 'payeeName': return r.payee_name ?? '';
      case 'idNumber': return r.id_cipher ? TEST_CIPHER.decrypt('id_number', r.id_cipher) : '';
      case 'amount': return formatAmount(Number(r.amount_fen), profile.amountUnit);
      case 'bankName': return r.bank_name ?? '';
      case 'memo': return memo;
      case 'programmeName': return programmeName(PROGRAMME)!;
      case 'period': return '2026-03';
      case 'regionName': return r.region_name ?? '';
      case 'rollNo': return `FF-220105-202603-${PROGRAMME}`;
    }
  };
  return rows.map((r) => profile.columns.map((c) => cell(c.field, r)));
}

function csvOf(profile: BankProfile, rows: string[][]): Buffer {
  const lines = [profile.columns.map((c) => c.header), ...rows].map((cells) => `${cells.map(csvField).join(',')}\r\n`);
  return Buffer.from(`${profile.encoding === 'utf8-bom' ? '\uFEFF' : ''}${lines.join('')}`, 'utf8');
}

describe.each(testEngines())('bank file of a large roll on %s', (engine) => {
  let db: Database;
  let rollId = '';
  let expected: string[][] = [];
  const memo = '2026年3月特困人员救助供养（导出测试）金';

  beforeAll(async () => {
    if (!findProgramme(PROGRAMME)) {
      registerProgramme({ code: PROGRAMME, name: '特困人员救助供养（导出测试）', shortName: '特困', ownerModule: 'assistance', basis: 'person', monthly: true, oneOff: false });
    }
    db = await testDatabase(engine);
    const index = Array.from({ length: N }, (_, i) => i);
    // Every account and ID number distinct and really sealed: nothing is reused.
    const accounts = index.map((i) => TEST_CIPHER.encrypt('bank_account', accountOf(i)));
    const hashes = index.map((i) => TEST_CIPHER.hash('bank_account', accountOf(i)));
    const ids = index.map((i) => TEST_CIPHER.encrypt('id_number', idOf(i)));
    await db.transaction((tx) => tx.run(sql`
      WITH p AS (
        INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code,
          bank_name, bank_account_cipher, bank_account_hash, bank_account_masked, bank_holder, source)
        SELECT md5('bankfile-' || i), a.ids[i + 1], '2201**********000X', '受益人' || i, 'syr', 'male', date '1950-01-01' + i, ${VILLAGE}, 'rural', ${VILLAGE},
          CASE WHEN i % 50 = 7 THEN NULL ELSE '吉林银行' END, a.env[i + 1], a.hash[i + 1], a.mask[i + 1], a.holder[i + 1], 'generated'
        FROM generate_series(0, ${N - 1}) i,
          (SELECT ${sql.param(accounts)}::text[] AS env, ${sql.param(hashes)}::text[] AS hash, ${sql.param(ids)}::text[] AS ids,
                  ${sql.param(index.map(holderOf))}::text[] AS holder, ${sql.param(index.map((i) => maskBankAccount(accountOf(i))))}::text[] AS mask) a
        RETURNING id, region_code
      )
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, payee_person_id, person_count, region_code, from_month,
        monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version)
      SELECT ${PROGRAMME}, 'monthly', p.id, p.id, p.id, 1, p.region_code, date '2026-03-01', 30000 + (abs(hashtext(p.id::text)) % 500) * 101,
        '{"items":[]}'::jsonb, 'test-1', 'case_decision', 'test', p.id::text, '导出测试', 1
      FROM p`));
    rollId = await db.transaction((tx) => generateRegularRoll(tx, ACTOR, WHO, { programme: PROGRAMME, month: '2026-03' }), SCOPE);
    await db.transaction(async (tx) => {
      await tx.run(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${rollId}::uuid`);
      await tx.run(sql`UPDATE payments_roll SET state = 'approved' WHERE id = ${rollId}::uuid`);
    });
  });
  afterAll(async () => { await db?.close(); });

  it('writes every account of a multi-page export exactly as FieldCipher.decrypt() and csvField() give it', async () => {
    const file = await db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'standard', format: 'csv', pageSize: 700 }), SCOPE);
    expect(file.rows).toBe(N);
    expected = await expectedRows(db, rollId, STANDARD_PROFILE, memo);
    expect(expected).toHaveLength(N);
    // The accounts are the registry's plain numbers, one each, in transfer order.
    expect(new Set(expected.map((r) => r[2])).size).toBe(N);
    expect(expected.every((r) => /^6217\d{12}$/.test(r[2]!))).toBe(true);
    expect(expected.some((r) => r[1]!.includes('"'))).toBe(true);
    expect(file.body.equals(csvOf(STANDARD_PROFILE, expected))).toBe(true);
    expect(file.amountFen).toBe(expected.reduce((s, r) => s + Math.round(Number(r[3]) * 100), 0));
    const [roll] = await db.transaction((tx) => tx.rows<{ state: string; amount_fen: string }>(sql`SELECT state, amount_fen FROM payments_roll WHERE id = ${rollId}::uuid`));
    expect(roll).toEqual({ state: 'exported', amount_fen: String(file.amountFen) });
  });

  it('re-exports the same bytes whatever the page size', async () => {
    const again = await db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'standard', format: 'csv' }), SCOPE);
    const small = await db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'standard', format: 'csv', pageSize: 1 + N / 2 }), SCOPE);
    expect(again.body.equals(csvOf(STANDARD_PROFILE, expected))).toBe(true);
    expect(small.sha256).toBe(again.sha256);
  });

  it('writes every field of a bank layout, ID numbers decrypted too, in CSV and in Excel', async () => {
    const fields = ['rollNo', 'transferNo', 'regionName', 'payeeName', 'idNumber', 'account', 'amount', 'bankName', 'programmeName', 'period', 'memo'] as const;
    const profile = await db.transaction((tx) => createBankProfile(tx, WHO, COUNTY, {
      code: 'every-field', name: '全部字段', bankName: '吉林银行', encoding: 'utf8', amountUnit: 'fen',
      columns: fields.map((field) => ({ header: `列,${field}`, field })),
      returnColumns: { transferNo: '序号', account: '账号', amount: '金额', status: '结果', reason: '原因' }, successValues: ['成功'],
    }), SCOPE);
    const want = await expectedRows(db, rollId, profile, memo);
    expect(new Set(want.map((r) => r[4]))).toEqual(new Set(Array.from({ length: N }, (_, i) => idOf(i))));
    const csv = await db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'every-field', format: 'csv', pageSize: 1000 }), SCOPE);
    expect(csv.body.equals(csvOf(profile, want))).toBe(true);
    const xlsx = await db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'every-field', format: 'xlsx', pageSize: 1000 }), SCOPE);
    // Read back whole (the streaming reader of return files is not what is under test here).
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells: string[][] = [];
    sheet.eachRow((row) => { cells.push(profile.columns.map((_, c) => String(row.getCell(c + 1).value ?? ''))); });
    expect(cells[0]).toEqual(profile.columns.map((c) => c.header));
    expect(cells.slice(1)).toEqual(want);
  });

  it('refuses the whole file when one envelope was tampered with', async () => {
    // Past the transfer's own guard, as only someone with the database's owner rights could.
    const [victim] = await db.transaction((tx) => tx.rows<{ account_cipher: string }>(sql`SELECT account_cipher FROM payments_transfer WHERE roll_id = ${rollId}::uuid AND transfer_no = 2222`));
    const raw = Buffer.from(victim!.account_cipher.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    await db.transaction(async (tx) => {
      await tx.run(sql`ALTER TABLE payments_transfer DISABLE TRIGGER payments_transfer_update`);
      await tx.run(sql`UPDATE payments_transfer SET account_cipher = ${`v1.${raw.toString('base64')}`} WHERE roll_id = ${rollId}::uuid AND transfer_no = 2222`);
      await tx.run(sql`ALTER TABLE payments_transfer ENABLE TRIGGER payments_transfer_update`);
    });
    const exportsBefore = await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments_export WHERE roll_id = ${rollId}::uuid`));
    await expect(db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, TEST_CIPHER, rollId, { profileCode: 'standard', format: 'csv', pageSize: 1000 }), SCOPE))
      .rejects.toThrow(/opening failed/);
    const exportsAfter = await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments_export WHERE roll_id = ${rollId}::uuid`));
    expect(exportsAfter).toEqual(exportsBefore); // no file, no record of one
  });
});

describe.each(testEngines())('a roll\'s totals checked once, when it leaves draft, on %s', (engine) => {
  let db: Database;
  let rollId = '';
  beforeAll(async () => {
    if (!findProgramme(PROGRAMME)) {
      registerProgramme({ code: PROGRAMME, name: '特困人员救助供养（导出测试）', shortName: '特困', ownerModule: 'assistance', basis: 'person', monthly: true, oneOff: false });
    }
    db = await testDatabase(engine);
    await db.transaction((tx) => tx.run(sql`
      WITH p AS (
        INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code, source)
        SELECT md5('check-' || i), 'v1.x', '2201**********000X', '核对' || i, 'hd', 'female', date '1960-01-01' + i, ${VILLAGE}, 'rural', ${VILLAGE}, 'generated'
        FROM generate_series(1, 5) i
        RETURNING id, region_code
      )
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, payee_person_id, person_count, region_code, from_month,
        monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version)
      SELECT ${PROGRAMME}, 'monthly', p.id, p.id, p.id, 1, p.region_code, date '2026-03-01', 50000, '{"items":[]}'::jsonb, 'test-1', 'case_decision', 'test', p.id::text, '核对测试', 1
      FROM p`));
    rollId = await db.transaction((tx) => generateRegularRoll(tx, ACTOR, WHO, { programme: PROGRAMME, month: '2026-03' }), SCOPE);
  });
  afterAll(async () => { await db?.close(); });

  const owner = (statement: ReturnType<typeof sql>) => db.transaction((tx) => tx.run(statement));

  it('refuses a roll that is not born a draft', async () => {
    await expect(owner(sql`
      INSERT INTO payments_roll (roll_no, kind, programme, region_code, month, state) VALUES ('X-APPROVED', 'regular', ${PROGRAMME}, ${COUNTY}, date '2026-09-01', 'approved')`))
      .rejects.toThrow(/只能以草稿状态生成/);
  });

  it('sums the lines when the roll leaves draft, and keeps the header fixed afterwards', async () => {
    await owner(sql`UPDATE payments_roll SET amount_fen = amount_fen + 1 WHERE id = ${rollId}::uuid`);
    await expect(owner(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${rollId}::uuid`)).rejects.toThrow(/合计与明细不符/);
    await owner(sql`UPDATE payments_roll SET amount_fen = amount_fen - 1 WHERE id = ${rollId}::uuid`);
    await owner(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${rollId}::uuid`);
    // Neither with the state change nor without it may the header move now.
    await expect(owner(sql`UPDATE payments_roll SET state = 'approved', amount_fen = amount_fen + 1 WHERE id = ${rollId}::uuid`)).rejects.toThrow(/合计不能修改/);
    await expect(owner(sql`UPDATE payments_roll SET line_count = line_count + 1 WHERE id = ${rollId}::uuid`)).rejects.toThrow(/合计不能修改/);
    // Lines are fixed too, so the header still equals them.
    await expect(owner(sql`DELETE FROM payments_line WHERE roll_id = ${rollId}::uuid`)).rejects.toThrow(/明细不能删除/);
  });

  it('still compares the totals tree with the header at every later step', async () => {
    await owner(sql`UPDATE payments_roll_total SET amount_fen = amount_fen + 1 WHERE roll_id = ${rollId}::uuid AND region_code = ${COUNTY}`);
    await expect(owner(sql`UPDATE payments_roll SET state = 'approved' WHERE id = ${rollId}::uuid`)).rejects.toThrow(/分级汇总与明细不符/);
    await owner(sql`UPDATE payments_roll_total SET amount_fen = amount_fen - 1 WHERE roll_id = ${rollId}::uuid AND region_code = ${COUNTY}`);
    await owner(sql`UPDATE payments_roll SET state = 'approved' WHERE id = ${rollId}::uuid`);
    await owner(sql`UPDATE payments_roll SET state = 'draft' WHERE id = ${rollId}::uuid`);
    // Back in draft, lines may change again, and leaving draft sums them again.
    await owner(sql`DELETE FROM payments_line WHERE roll_id = ${rollId}::uuid AND line_no = 5`);
    await expect(owner(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${rollId}::uuid`)).rejects.toThrow(/合计与明细不符（明细 4 条/);
  });

  it('refuses lines for a roll that is no draft, or no roll at all', async () => {
    await owner(sql`INSERT INTO payments_roll (id, roll_no, kind, programme, region_code, month) VALUES ('00000000-0000-4000-8000-0000000000b1', 'X-REV', 'regular', 't_other_x', ${COUNTY}, date '2026-03-01')`);
    const line = (roll: string) => sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id)
      VALUES (${roll}::uuid, 1, 'regular', 't_other_x', date '2026-03-01', gen_random_uuid(), gen_random_uuid(), 1, ${VILLAGE}, 100, gen_random_uuid())`;
    await expect(owner(line('00000000-0000-4000-8000-0000000000b2'))).rejects.toThrow(/只能向草稿状态的发放表写入明细/);
    await owner(sql`UPDATE payments_roll SET state = 'reviewed' WHERE roll_no = 'X-REV'`);
    await expect(owner(line('00000000-0000-4000-8000-0000000000b1'))).rejects.toThrow(/只能向草稿状态的发放表写入明细/);
  });
});
