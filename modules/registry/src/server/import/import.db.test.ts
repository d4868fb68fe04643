import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { testEngines } from '@mz/testing';
import type { Database } from '@mz/db';
import { runPendingJobs } from '@mz/jobs/server';
import { testDatabase, TEST_CIPHER } from '../../../../../apps/server/src/testing/test-app.ts';
import { createImportBatch, importFile, listImports, queueImport, registerImportJob, rejectedRows, undoImport, type Importer } from './import.service.ts';
import { badCheckId, fixtureCsv, validId, type FixtureRow } from './testing/fixtures.ts';
import { IMPORT_HEADERS } from './import-template.ts';
import { idNumberProblem } from './import-stage.ts';
import { textArray } from '@mz/db';


const township: Importer = { actorId: null, actorName: '测试经办', actorRegion: '220105003000', ip: '127.0.0.1', regionCode: '220105003000' };

function family(key: string, base: number): FixtureRow[] {
  return [
    { 身份证号: validId('1970-03-01', base + 1), 姓名: '王建国', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 现居住地址: '岭东社区1号楼', 联系电话: '13812345678', 民族: '汉族', 婚姻状况: '已婚', 家庭编号: key, 与户主关系: '02' },
    { 身份证号: validId('1972-05-06', base + 2), 姓名: '李秀英', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 民族: '01', 婚姻状况: '20', 家庭编号: key, 与户主关系: '配偶' },
    { 身份证号: validId('2001-09-10', base + 3), 姓名: '王小明', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 现居住地区划代码: '220105003005', 家庭编号: key, 与户主关系: '20' },
  ];
}

async function run(db: Database, data: Buffer, fileName = 'people.csv', who = township) {
  const batchId = await db.transaction((tx) => createImportBatch(tx, who, fileName, null), { scope: who });
  return importFile(db, TEST_CIPHER, who, { batchId, fileName, data });
}

describe.each(testEngines())('registry import pipeline (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => { db = await testDatabase(engine); registerImportJob(TEST_CIPHER); });
  afterAll(async () => { await db?.close(); });

  it('imports a good CSV: persons encrypted and masked, one household with its head', async () => {
    const rows = [...family('F1', 10), { 身份证号: validId('1949-12-31', 121).toLowerCase(), 姓名: '赵单身', 户籍地区划代码: '220105003005', 户籍类型: '农村' }];
    const result = await run(db, fixtureCsv(rows));
    expect(result).toMatchObject({ total: 4, imported: 4, duplicatesSkipped: 0, rejected: 0, households: 1 });
    const persons = await db.transaction((tx) => tx.rows<any>(sql`
      SELECT name, id_cipher, id_masked, sex, birth_date, phone_masked, phone_cipher, region_code, hukou_type, ethnicity, marital_status, source, name_initials
      FROM registry_person WHERE import_batch_id = ${result.batchId} ORDER BY name`));
    expect(persons).toHaveLength(4);
    const head = persons.find((p: any) => p.name === '王建国');
    const id = validId('1970-03-01', 11);
    expect(head.id_cipher).not.toContain(id.slice(6, 14));
    expect(TEST_CIPHER.decrypt('id_number', head.id_cipher)).toBe(id);
    expect(head.id_masked).toBe(`2201**********${id.slice(14)}`);
    expect(head).toMatchObject({ sex: 'male', birth_date: '1970-03-01', phone_masked: '138****5678', region_code: '220105003005', hukou_type: 'urban', ethnicity: '01', marital_status: 'married', source: 'import', name_initials: 'wjg' });
    expect(persons.find((p: any) => p.name === '赵单身').id_masked).toMatch(/^2201\*{10}\d{3}[\dX]$/);
    const hh = await db.transaction((tx) => tx.rows<any>(sql`
      SELECT h.address, h.region_code, p.name AS head, (SELECT array_agg(m.relation ORDER BY m.relation) FROM registry_household_member m WHERE m.household_id = h.id) AS relations
      FROM registry_household h JOIN registry_person p ON p.id = h.head_person_id WHERE h.import_batch_id = ${result.batchId}`));
    expect(hh).toEqual([{ address: '岭东社区1号楼', region_code: '220105003005', head: '王建国', relations: ['02', '10', '20'] }]);
  });

  it('imports nothing twice when the same file runs again', async () => {
    const file = fixtureCsv(family('F2', 20));
    expect(await run(db, file)).toMatchObject({ imported: 3, households: 1 });
    expect(await run(db, file)).toMatchObject({ total: 3, imported: 0, duplicatesSkipped: 3, rejected: 0, households: 0 });
  });

  it('imports a good XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(IMPORT_HEADERS);
    for (const r of family('X1', 30)) ws.addRow(IMPORT_HEADERS.map((h) => (r as Record<string, string>)[h] ?? null));
    // A region code typed as a number still imports.
    ws.addRow([validId('1988-08-08', 41), '钱多多', 220105003005, '农村']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await run(db, data, 'people.xlsx')).toMatchObject({ total: 4, imported: 4, rejected: 0, households: 1 });
  });

  it('rejects bad rows with reasons, keeps them for the error report, imports the rest', async () => {
    const bad = badCheckId('1980-01-01', 51);
    const dupId = validId('1981-02-02', 53);
    const rows: FixtureRow[] = [
      { 身份证号: bad.id, 姓名: '错校验', 户籍地区划代码: '220105003005', 户籍类型: '城镇' },
      { 身份证号: validId('1982-03-03', 55), 姓名: '外辖区', 户籍地区划代码: '220105003005', 现居住地区划代码: '220105001002', 户籍类型: '城镇' },
      { 身份证号: dupId, 姓名: '第一次', 户籍地区划代码: '220105003005', 户籍类型: '城镇' },
      { 身份证号: dupId, 姓名: '第二次', 户籍地区划代码: '220105003005', 户籍类型: '城镇' },
      { 身份证号: validId('1983-04-04', 57), 户籍地区划代码: '220105003005', 户籍类型: '城镇' },
      { 身份证号: validId('1984-05-05', 59), 姓名: '好人', 户籍地区划代码: '220105003005', 户籍类型: '乡下', 联系电话: '12345' },
      { 身份证号: validId('1985-06-06', 61), 姓名: "=cmd|' /C calc'!A0", 户籍地区划代码: '220105003005', 户籍类型: '城镇' },
      // A household with two heads is rejected whole; one whose member is bad too.
      { 身份证号: validId('1960-01-01', 63), 姓名: '甲', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 现居住地址: 'x', 家庭编号: 'H2', 与户主关系: '02' },
      { 身份证号: validId('1960-01-01', 65), 姓名: '乙', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 现居住地址: 'x', 家庭编号: 'H2', 与户主关系: '02' },
      { 身份证号: validId('1960-01-01', 67), 姓名: '丙', 户籍地区划代码: '220105003005', 户籍类型: '城镇', 现居住地址: 'x', 家庭编号: 'H3', 与户主关系: '02' },
      { 身份证号: validId('1960-01-01', 69), 姓名: '丁', 户籍地区划代码: '229999999999', 户籍类型: '城镇', 家庭编号: 'H3', 与户主关系: '99' },
    ];
    const result = await run(db, fixtureCsv(rows));
    expect(result).toMatchObject({ total: 11, imported: 2, duplicatesSkipped: 0, rejected: 9, households: 0 });
    const report = await db.transaction((tx) => rejectedRows(tx, TEST_CIPHER, township.regionCode, result.batchId), { scope: township });
    const reasons = Object.fromEntries(report!.rows.map((r) => [r.rowNo, r.errors]));
    expect(reasons[2]).toBe(`身份证号校验位错误，应为${bad.right}`);
    expect(reasons[3]).toContain('现居住地不在本辖区内：220105001002');
    expect(reasons[5]).toBe('文件中身份证号重复（与第4行相同）');
    expect(reasons[6]).toBe('姓名不能为空');
    expect(reasons[7]).toContain('户籍类型应为“城镇”或“农村”');
    expect(reasons[7]).toContain('联系电话');
    expect(reasons[9]).toContain('有2名户主');
    expect(reasons[11]).toBe('同一家庭编号中有其他行未通过校验，整户未导入');
    expect(reasons[12]).toContain('户籍地区划代码不存在：229999999999');
    expect(report!.rows.find((r) => r.rowNo === 2)!.values.idNumber).toBe(bad.id);
    const [injected] = await db.transaction((tx) => tx.rows<{ name: string }>(sql`SELECT name FROM registry_person WHERE import_batch_id = ${result.batchId} AND name LIKE '=%'`));
    expect(injected!.name).toBe("=cmd|' /C calc'!A0");
    // The stored original is an envelope, not the ID number in clear.
    const [stored] = await db.transaction((tx) => tx.rows<{ original_cipher: string }>(sql`SELECT original_cipher FROM registry_import_rejected WHERE batch_id = ${result.batchId} AND row_no = 2`));
    expect(stored!.original_cipher).not.toContain(bad.id.slice(0, 10));
  });

  it('changes nothing when the promotion fails, and marks the batch failed', async () => {
    await db.transaction((tx) => tx.script(`
      CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
      CREATE TRIGGER test_fail BEFORE INSERT ON registry_household FOR EACH STATEMENT EXECUTE FUNCTION test_fail();`));
    try {
      const before = await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM registry_person`));
      const batchId = await db.transaction((tx) => createImportBatch(tx, township, 'f.csv', null), { scope: township });
      await expect(importFile(db, TEST_CIPHER, township, { batchId, fileName: 'f.csv', data: fixtureCsv(family('F9', 90)) })).rejects.toThrow();
      const after = await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM registry_person`));
      expect(after).toEqual(before);
      const [batch] = await db.transaction((tx) => listImports(tx, township.regionCode, batchId), { scope: township });
      expect(batch).toMatchObject({ status: 'failed', imported: 0 });
    } finally {
      await db.transaction((tx) => tx.script('DROP TRIGGER test_fail ON registry_household; DROP FUNCTION test_fail()'));
    }
  });

  it('runs as a job, reports progress, and undo removes the batch', async () => {
    const who = { ...township };
    const { batchId, jobId } = await db.transaction((tx) => queueImport(tx, who, 'job.csv', fixtureCsv(family('J1', 100))), { scope: who });
    await runPendingJobs(db);
    const [job] = await db.transaction((tx) => tx.rows<any>(sql`SELECT status, result, progress_done, progress_total FROM platform_job WHERE id = ${jobId}`));
    expect(job.status).toBe('succeeded');
    expect(job.result).toEqual({ batchId, total: 3, imported: 3, duplicatesSkipped: 0, rejected: 0, households: 1 });
    expect(Number(job.progress_done)).toBe(Number(job.progress_total));
    await db.transaction((tx) => undoImport(tx, who, batchId), { scope: who });
    const left = await db.transaction((tx) => tx.rows<{ n: number }>(sql`
      SELECT (SELECT count(*) FROM registry_person WHERE import_batch_id = ${batchId}) + (SELECT count(*) FROM registry_household WHERE import_batch_id = ${batchId}) AS n`));
    expect(Number(left[0]!.n)).toBe(0);
    await expect(db.transaction((tx) => undoImport(tx, who, batchId), { scope: who })).rejects.toMatchObject({ status: 409 });
    // Re-importing after undo brings them back.
    expect(await run(db, fixtureCsv(family('J1', 100)))).toMatchObject({ imported: 3 });
  });

  it('refuses undo when a membership was added later outside the batch', async () => {
    const result = await run(db, fixtureCsv(family('U1', 130)));
    const outsider = await run(db, fixtureCsv([{ 身份证号: validId('1999-09-09', 141), 姓名: '后来者', 户籍地区划代码: '220105003005', 户籍类型: '城镇' }]));
    await db.transaction((tx) => tx.run(sql`
      INSERT INTO registry_household_member (household_id, person_id, relation, valid_from)
      SELECT h.id, p.id, '97', current_date FROM registry_household h, registry_person p
      WHERE h.import_batch_id = ${result.batchId} AND p.import_batch_id = ${outsider.batchId}`));
    await expect(db.transaction((tx) => undoImport(tx, township, result.batchId), { scope: township }))
      .rejects.toMatchObject({ status: 409, detail: expect.stringContaining('新增成员') });
  });

  it('refuses codes the code books do not have and places outside the jurisdiction (no foreign key behind it since 0013)', async () => {
    const base = (seq: number, extra: FixtureRow): FixtureRow => ({ 身份证号: validId('1975-07-07', seq), 姓名: `码表${seq}`, 户籍地区划代码: '220105003005', 户籍类型: '城镇', ...extra });
    const rows: FixtureRow[] = [
      base(201, { 民族: '99' }),
      base(203, { 民族: '汉' }), // a name without 族 is a known ethnicity
      base(205, { 户籍地区划代码: '220105999999' }),
      base(207, { 现居住地区划代码: '220105003999' }),
      base(209, { 现居住地区划代码: '2201050' }),
      base(211, { 户籍地区划代码: '220105001002' }), // 户籍 elsewhere, no 现居住地 here
      base(213, { 户籍地区划代码: '220105001002', 现居住地区划代码: '220105003005' }), // 户籍 elsewhere, living here: ours
      base(215, { 现居住地区划代码: '220105001002' }),
      base(217, { 家庭编号: 'C1', 与户主关系: '98', 现居住地址: 'x' }),
    ];
    const result = await run(db, fixtureCsv(rows));
    expect(result).toMatchObject({ total: 9, imported: 2, rejected: 7 });
    const report = await db.transaction((tx) => rejectedRows(tx, TEST_CIPHER, township.regionCode, result.batchId), { scope: township });
    const reasons = Object.fromEntries(report!.rows.map((r) => [r.rowNo, r.errors]));
    expect(reasons).toEqual({
      2: '民族代码或名称不正确：99',
      4: '户籍地区划代码不存在：220105999999',
      5: '现居住地区划代码不存在：220105003999',
      6: '现居住地区划代码格式不正确：2201050',
      7: '户籍地不在本辖区内，请填写本辖区内的现居住地区划代码',
      9: '现居住地不在本辖区内：220105001002',
      10: '与户主关系代码或名称不正确：98；家庭编号“C1”没有户主（与户主关系填 02）',
    });
    const stored = await db.transaction((tx) => tx.rows<{ name: string; ethnicity: string | null; hukou_region_code: string; region_code: string }>(sql`
      SELECT name, ethnicity, hukou_region_code, region_code FROM registry_person WHERE import_batch_id = ${result.batchId} ORDER BY name`));
    expect(stored).toEqual([
      { name: '码表203', ethnicity: '01', hukou_region_code: '220105003005', region_code: '220105003005' },
      { name: '码表213', ethnicity: null, hukou_region_code: '220105001002', region_code: '220105003005' },
    ]);
  });

  it('imports a file large enough for the sealing workers: every envelope opens, every hash finds its person', async () => {
    const rows: FixtureRow[] = [];
    for (let h = 0; h < 800; h++) {
      for (const [k, relation] of ['02', '10', '20'].entries()) {
        rows.push({
          身份证号: validId(`19${String(50 + (h % 40)).padStart(2, '0')}-0${1 + k}-1${h % 10}`, 300 + h), 姓名: `批${String.fromCharCode(0x4e00 + h)}${k}`,
          户籍地区划代码: h % 2 ? '220105003005' : '220105003001', 户籍类型: '农村', 现居住地址: relation === '02' ? `${h}号` : '',
          联系电话: k === 1 ? `1390000${String(h).padStart(4, '0')}` : '', 家庭编号: `B${h}`, 与户主关系: relation,
        });
      }
    }
    const result = await run(db, fixtureCsv(rows));
    expect(result).toMatchObject({ total: 2400, imported: 2400, rejected: 0, households: 800 });
    const persons = await db.transaction((tx) => tx.rows<{ id: string; id_hash: string; id_cipher: string; phone_hash: string | null; phone_cipher: string | null; household: string; relation: string; head: string }>(sql`
      SELECT p.id, p.id_hash, p.id_cipher, p.phone_hash, p.phone_cipher, h.id AS household, m.relation, h.head_person_id AS head
      FROM registry_person p JOIN registry_household_member m ON m.person_id = p.id JOIN registry_household h ON h.id = m.household_id
      WHERE p.import_batch_id = ${result.batchId}`));
    expect(persons).toHaveLength(2400);
    for (const p of persons) {
      const id = TEST_CIPHER.decrypt('id_number', p.id_cipher);
      expect(p.id_hash).toBe(TEST_CIPHER.hash('id_number', id));
      if (p.phone_cipher) expect(p.phone_hash).toBe(TEST_CIPHER.hash('phone', TEST_CIPHER.decrypt('phone', p.phone_cipher)));
      if (p.relation === '02') expect(p.head).toBe(p.id);
    }
    expect(persons.filter((p) => p.phone_cipher)).toHaveLength(800);
    expect(new Set(persons.map((p) => p.household)).size).toBe(800);
  });

  it('the staging ID check agrees with the SQL one, word for word', async () => {
    const corpus = [
      validId('1970-03-01', 11), validId('2000-02-29', 1), validId('1850-01-01', 3), badCheckId('1990-01-01', 7).id, '',
      '220105190002290019', '220105200102290011', '220105199013010011', '220105199004310011', '220105199001000011', '220105184912310019',
      '22010520300101001X', '220105202512310011', '99010519700301001X', '01010519700301001X', '2201051970030100', '2201051970030100111',
      '22010519700301001Y', 'ABCDEFGHIJKLMNOPQR', '220105700301001', '２２０１０５１９７００３０１００１Ｘ',
    ];
    const [row] = await db.transaction((tx) => tx.rows<{ problems: (string | null)[] }>(sql`
      SELECT array_agg(registry_id_problem(nullif(x, ''), '2026-01-01') ORDER BY i) AS problems
      FROM unnest(${textArray(corpus)}) WITH ORDINALITY AS t(x, i)`));
    expect(corpus.map((id) => idNumberProblem(id || null, '2026-01-01'))).toEqual(row!.problems);
  });

  it('registry_bigrams is inlined, answers as the original did, and the name index still serves it', async () => {
    const corpus = ['', '张', '张伟', '张小明', '欧阳小明', '阿卜杜热合曼', 'x'.repeat(49), '买买提·艾力'.repeat(8), '𠀀𠀁𠀂'];
    const [same] = await db.transaction((tx) => tx.rows<{ ok: boolean; n: number }>(sql`
      SELECT bool_and(registry_bigrams(x) IS NOT DISTINCT FROM
               (SELECT coalesce(array_agg(substr(x, i, 2) ORDER BY i), '{}') FROM generate_series(1, greatest(length(x) - 1, 0)) i)) AS ok,
             count(*)::int AS n
      FROM (SELECT unnest(${textArray(corpus)}) AS x UNION ALL SELECT NULL) t`));
    expect(same).toEqual({ ok: true, n: corpus.length + 1 });
    await db.transaction(async (tx) => {
      const plan = (await tx.rows<{ 'QUERY PLAN': string }>(sql`EXPLAIN (VERBOSE) SELECT registry_bigrams(name) FROM registry_person`)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('CASE length(name)');
      expect(plan).not.toContain('registry_bigrams(name)');
      await tx.run(sql`SET LOCAL enable_seqscan = off`);
      const search = (await tx.rows<{ 'QUERY PLAN': string }>(sql`
        EXPLAIN SELECT id FROM registry_person WHERE registry_bigrams(name) @> registry_bigrams('张伟')`)).map((r) => r['QUERY PLAN']).join('\n');
      expect(search).toContain('registry_person_name_bigrams');
    });
    // Index maintenance evaluates the expression under search_path = pg_catalog, pg_temp on
    // PostgreSQL 17+ (PGlite): the inlined body must resolve there too.
    await db.transaction((tx) => tx.script('REINDEX INDEX registry_person_name_bigrams; ANALYZE registry_person'));
  });

  it('the SQL ID check agrees with the kernel', async () => {
    const rows = await db.transaction((tx) => tx.rows<{ a: string | null; b: string | null; c: string | null; d: boolean; e: string | null }>(sql`
      SELECT registry_id_problem(${validId('2000-02-29', 1)}, '2026-01-01') AS a, registry_id_problem('220105200102300019', '2026-01-01') AS b,
             registry_id_problem('22010520300101001X', '2026-01-01') AS c, registry_id_valid(${validId('1990-01-01', 7)}) AS d,
             registry_id_problem(${badCheckId('1990-01-01', 7).id}, '2026-01-01') AS e`));
    expect(rows[0]).toEqual({ a: null, b: '身份证号中的出生日期不是有效日期', c: '身份证号中的出生日期晚于今天', d: true, e: `身份证号校验位错误，应为${badCheckId('1990-01-01', 7).right}` });
  });
});
