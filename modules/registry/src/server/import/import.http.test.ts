import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { testEngines, type HttpSession } from '@mz/testing';
import { registerImportJob } from './import.service.ts';
import { runPendingJobs } from '@mz/jobs/server';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../../apps/server/src/testing/test-app.ts';
import { badCheckId, fixtureCsv, validId, type FixtureRow } from './testing/fixtures.ts';
import { IMPORT_HEADERS } from './import-template.ts';

function multipart(fileName: string, data: Buffer, field = 'file') {
  const boundary = `----mz${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(s: HttpSession, fileName: string, data: Buffer) {
  const { payload, headers } = multipart(fileName, data);
  return s.request('POST', '/api/v1/registry/imports', payload, { headers });
}

/** A binary download through the session's cookie (HttpSession decodes bodies as text). */
async function download(t: TestApp, s: HttpSession, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: `mz_session=${s.cookie}` } });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

async function sheetRows(xlsx: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as any);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

const person = (seq: number, extra: FixtureRow = {}): FixtureRow => ({
  身份证号: validId('1990-01-01', seq), 姓名: `测试${seq}`, 户籍地区划代码: '220105003005', 户籍类型: '城镇', ...extra,
});

describe.each(testEngines())('registry import and export over HTTP (%s)', (engine) => {
  let t: TestApp;
  let clerk: HttpSession;
  beforeAll(async () => {
    t = await startTestApp(engine);
    registerImportJob(TEST_CIPHER);
    clerk = await t.login('demo-township');
  });
  afterAll(async () => { await t?.close(); });

  async function importAndWait(s: HttpSession, fileName: string, data: Buffer) {
    const res = await upload(s, fileName, data);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runPendingJobs(t.db);
    const job = await s.get(`/api/v1/jobs/${res.body.jobId}`);
    expect(job.status).toBe(200);
    return { ...res.body, job: job.body };
  }

  it('serves both templates with the Chinese headers and a 说明 sheet', async () => {
    const xlsx = await download(t, clerk, '/api/v1/registry/imports/template.xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员', '说明']);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_HEADERS);
    const csv = await clerk.get('/api/v1/registry/imports/template.csv');
    expect(csv.body).toBe(`\uFEFF${IMPORT_HEADERS.join(',')}\r\n`);
  });

  it('imports a CSV in the background; the job reports the counts; the list shows the batch', async () => {
    const out = await importAndWait(clerk, '人员.csv', fixtureCsv([person(1), person(3, { 姓名: "=cmd|' /C calc'!A0" })]));
    expect(out.job).toMatchObject({ kind: 'registry.import', status: 'succeeded', error: null, result: { batchId: out.batchId, total: 2, imported: 2, duplicatesSkipped: 0, rejected: 0 } });
    const list = await clerk.get('/api/v1/registry/imports');
    expect(list.body.items[0]).toMatchObject({ id: out.batchId, fileName: '人员.csv', status: 'done', imported: 2 });
    const audit = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.import' AND entity_id = ${out.batchId}`));
    expect(audit[0]!.n).toBe(1);
  });

  it('hides jobs and batches from another township (404), shows them to the province', async () => {
    const out = await importAndWait(clerk, 'p.csv', fixtureCsv([person(5)]));
    const other = await t.login('demo-township2');
    expect((await other.get(`/api/v1/jobs/${out.jobId}`)).status).toBe(404);
    const province = await t.login('demo-province');
    expect((await province.get(`/api/v1/jobs/${out.jobId}`)).status).toBe(200);
    const theirs = await other.get('/api/v1/registry/imports');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((b: any) => b.id)).not.toContain(out.batchId);
    expect((await other.get(`/api/v1/registry/imports/${out.batchId}/errors.xlsx`)).status).toBe(404);
    expect((await other.post(`/api/v1/registry/imports/${out.batchId}/undo`)).status).toBe(404);
  });

  it('refuses hostile and broken files with a Chinese reason', async () => {
    const exe = await upload(clerk, 'a.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.status).toBe(422);
    expect(exe.body.title).toBe('不支持的文件类型');
    const fakeXlsx = await upload(clerk, 'a.xlsx', Buffer.from('身份证号,姓名\n'));
    expect(fakeXlsx.body.title).toBe('文件内容与扩展名不符');
    // "身份证号,姓名\r\n…,张三" saved as GBK (what Excel's plain "CSV" gives on a Chinese Windows).
    const gbk = await upload(clerk, 'gbk.csv', Buffer.concat([
      Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a]),
      Buffer.from(validId('1990-01-01', 7) + ','), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0x0d, 0x0a])]));
    expect(gbk.status).toBe(422);
    expect(gbk.body.detail).toContain('UTF-8');
    const empty = await upload(clerk, 'e.csv', Buffer.alloc(0));
    expect(empty.body.title).toBe('文件是空的');
    const headerless = await upload(clerk, 'h.csv', Buffer.from('甲,乙\n1,2\n'));
    expect(headerless.body.detail).toContain('身份证号');
    const binary = await upload(clerk, 'b.csv', Buffer.from([0x00, 0x01, 0x02, 0x00]));
    expect(binary.status).toBe(422);
    const huge = await upload(clerk, 'big.csv', Buffer.alloc(21 * 1024 * 1024, 0x41));
    expect(huge.status).toBe(413);
    const many = await upload(clerk, 'many.csv', Buffer.from(`${IMPORT_HEADERS.join(',')}\n${'1,张,2,城镇\n'.repeat(200_001)}`));
    expect(many.body.title).toBe('导入文件行数过多');
    const notMultipart = await clerk.post('/api/v1/registry/imports', { file: 'x' });
    expect(notMultipart.status).toBe(415);
  });

  it('imports an XLSX with a bad row and serves the error report (original columns + 错误原因)', async () => {
    const bad = badCheckId('1975-07-07', 11);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(IMPORT_HEADERS);
    ws.addRow([validId('1975-07-07', 9), '好人', '220105003005', '城镇']);
    ws.addRow([bad.id, '=HYPERLINK("http://evil")', '220105003005', '城镇', '220105001002']);
    wb.addWorksheet('说明').addRow(['这里是说明']);
    const out = await importAndWait(clerk, 'bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(out.job.result).toMatchObject({ total: 2, imported: 1, rejected: 1 });
    const report = await download(t, clerk, `/api/v1/registry/imports/${out.batchId}/errors.xlsx`);
    expect(report.status).toBe(200);
    const rows = await sheetRows(report.body as Buffer);
    expect(rows[0]).toEqual([...IMPORT_HEADERS, '错误原因', '原行号']);
    expect(rows[1]![0]).toBe(bad.id);
    expect(rows[1]![1]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1]![11]).toContain(`身份证号校验位错误，应为${bad.right}`);
    expect(rows[1]![11]).toContain('现居住地不在本辖区内');
    expect(rows[1]![12]).toBe('3');
  });

  it('undoes a batch over HTTP (204, audited), then refuses a second undo (409)', async () => {
    const out = await importAndWait(clerk, 'undo.csv', fixtureCsv([person(21, { 家庭编号: 'U', 与户主关系: '02', 现居住地址: '一号' }), person(23, { 家庭编号: 'U', 与户主关系: '30' })]));
    expect(out.job.result).toMatchObject({ imported: 2, households: 1 });
    expect((await clerk.post(`/api/v1/registry/imports/${out.batchId}/undo`)).status).toBe(204);
    const again = await clerk.post(`/api/v1/registry/imports/${out.batchId}/undo`);
    expect(again.status).toBe(409);
    const list = await clerk.get('/api/v1/registry/imports');
    expect(list.body.items.find((b: any) => b.id === out.batchId).status).toBe('undone');
    const audit = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.import_undo' AND entity_id = ${out.batchId}`));
    expect(audit[0]!.n).toBe(1);
  });

  describe('export', () => {
    it('exports masked by default, neutralises formula cells, and audits the export', async () => {
      await importAndWait(clerk, 'exp.csv', fixtureCsv([person(31, { 姓名: '=1+1', 联系电话: '13900001111' }), person(33, { 姓名: '@SUM(A1)' })]));
      const res = await download(t, clerk, '/api/v1/registry/persons/export.xlsx?q=' + encodeURIComponent('1+1'));
      expect(res.status).toBe(200);
      const rows = await sheetRows(res.body as Buffer);
      expect(rows).toHaveLength(2);
      expect(rows[1]![0]).toMatch(/^2201\*{10}\d{3}[\dX]$/);
      expect(rows[1]![1]).toBe("'=1+1");
      expect(rows[1]![11]).toBe('139****1111');
      const all = await sheetRows((await download(t, clerk, '/api/v1/registry/persons/export.xlsx')).body as Buffer);
      for (const row of all) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const [entry] = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'registry.export' ORDER BY id LIMIT 1`));
      expect(entry!.summary).toContain('（脱敏）1条');
    });

    it('refuses unmasked export without person.export_full; with it, exports clear values and audits them', async () => {
      const denied = await clerk.get('/api/v1/registry/persons/export.xlsx?unmasked=true');
      expect(denied.status).toBe(403);
      await t.db.transaction((tx) => tx.run(sql`
        INSERT INTO iam_user_role (user_id, role_code) SELECT id, 'approver' FROM iam_user WHERE username = 'demo-township' ON CONFLICT DO NOTHING`));
      const approver = await t.login('demo-township');
      const res = await download(t, approver, '/api/v1/registry/persons/export.xlsx?unmasked=true&q=' + encodeURIComponent('1+1'));
      expect(res.status).toBe(200);
      const rows = await sheetRows(res.body as Buffer);
      expect(rows[1]![0]).toBe(validId('1990-01-01', 31));
      expect(rows[1]![11]).toBe('13900001111');
      const [entry] = await t.db.transaction((tx) => tx.rows<{ summary: string; diff: any }>(sql`
        SELECT summary, diff FROM audit_log WHERE action = 'registry.export' ORDER BY id DESC LIMIT 1`));
      expect(entry!.summary).toContain('（不脱敏）1条');
      expect(entry!.diff).toMatchObject({ rows: { after: 1 }, unmasked: { after: true }, filter: { after: { q: '1+1' } } });
    });

    it('exports only the caller\'s jurisdiction', async () => {
      const other = await t.login('demo-township2');
      await t.db.transaction((tx) => tx.run(sql`
        INSERT INTO iam_user_role (user_id, role_code) SELECT id, 'clerk' FROM iam_user WHERE username = 'demo-township2' ON CONFLICT DO NOTHING`));
      const res = await download(t, await t.login('demo-township2'), '/api/v1/registry/persons/export.xlsx');
      expect(res.status).toBe(200);
      expect(await sheetRows(res.body as Buffer)).toHaveLength(1); // header only
      void other;
    });
  });
});
