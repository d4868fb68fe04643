import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { readTable } from './spreadsheet.ts';
import {
  approvedRoll, COUNTY, countRows, createPerson, exportCsv, newAccount, newCaseId, ok, paymentsWorld, record, returnCsv, uploadReturn,
  type PaymentsWorld, type TestPerson,
} from './testing/payments.fixtures.ts';

// The bank round trip: accounts decrypted only into the file, a return file that does not match
// refused line by line with nothing changed, a failure corrected in the registry and reissued
// without touching what was paid, and jurisdiction: a neighbour sees and does nothing.

describe.each(testEngines())('bank files, returns and reissue on %s', (engine) => {
  let w: PaymentsWorld;
  const persons: TestPerson[] = [];
  let noAccount: TestPerson;
  let rollId = '';
  let rows: Record<string, string>[] = [];

  const tekun = (p: TestPerson, amount: number) => ({
    programme: 't_tekun', beneficiary: { personId: p.id }, regionCode: '220105003005', fromMonth: '2026-01', monthlyAmountFen: amount,
    breakdown: { items: [] }, ruleVersion: 'tekun-2026.1', origin: { kind: 'case_decision' as const, sourceModule: 'assistance', sourceId: newCaseId(), reason: '特困供养审核确认' },
  });

  async function setAccount(session: HttpSession, personId: string, account: string) {
    const person = (await session.get(`/api/v1/registry/persons/${personId}`)).body;
    const res = await session.patch(`/api/v1/registry/persons/${personId}`, { version: person.version, bankName: '长春农商银行', bankAccount: account, bankHolder: person.name });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    for (const [i, name] of ['蒋一', '沈二', '韩三'].entries()) persons.push(await createPerson(w.township, { name, birth: `19${50 + i}0315` }));
    noAccount = await createPerson(w.township, { name: '杨四', birth: '19550101', account: null });
    for (const [i, p] of [...persons, noAccount].entries()) await record(w.t.db, tekun(p, 80_000 + i * 100));
  });
  afterAll(async () => { await w?.t.close(); });

  it('refuses to export while a payee has no account, then exports with accounts decrypted only into the file', async () => {
    const roll = await approvedRoll(w, 't_tekun', '2026-01');
    rollId = roll.id;
    expect(roll.missingAccounts).toBe(1);
    const refused = await w.clerk.post(`/api/v1/payments/rolls/${rollId}/export`, { format: 'csv' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MISSING_ACCOUNTS');
    expect(refused.body.errors[0].message).toContain('杨四');
    expect(await countRows(w.t.db, 'payments_transfer')).toBe(0); // the refusal left nothing

    await setAccount(w.township, noAccount.id, noAccount.account = newAccount());
    // Neither the reviewer nor the approver carries the bank file; the clerk does.
    expect((await w.approver.post(`/api/v1/payments/rolls/${rollId}/export`, { format: 'csv' })).status).toBe(403);
    rows = await exportCsv(w.clerk, rollId);
    expect(rows.map((r) => r['序号'])).toEqual(['1', '2', '3', '4']);
    const byName = Object.fromEntries(rows.map((r) => [r['户名'], r]));
    for (const [i, p] of [...persons, noAccount].entries()) {
      expect(byName[p.name]).toMatchObject({ 账号: p.account, 金额: ((80_000 + i * 100) / 100).toFixed(2), 开户行: expect.any(String) });
    }

    // At rest: hashes and masks only; the plain number is in no payments table.
    const stored = await w.t.db.transaction((tx) => tx.rows<{ t: string }>(sql`SELECT row_to_json(t)::text AS t FROM payments_transfer t`));
    for (const p of persons) expect(stored.map((s) => s.t).join()).not.toContain(p.account!);
    const audit = await w.t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'payments.export'`));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toMatch(/4 笔，3206\.00 元/);

    const detail = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}`)).body;
    expect(detail).toMatchObject({ state: 'exported', transfers: { total: 4, sent: 4 } });
    // A re-download sends the same rows.
    const again = await exportCsv(w.clerk, rollId);
    expect(again).toEqual(rows);
  });

  it('exports Excel and a bank-specific layout', async () => {
    const created = await ok(w.approver, '/api/v1/payments/bank-profiles', {
      code: 'jlnsh', name: '吉林农商银行代发格式', bankName: '吉林农商银行', encoding: 'utf8', amountUnit: 'fen',
      columns: [{ header: '账号', field: 'account' }, { header: '姓名', field: 'payeeName' }, { header: '金额(分)', field: 'amount' }, { header: '流水号', field: 'transferNo' }],
      returnColumns: { transferNo: '流水号', account: '账号', amount: '金额(分)', status: '状态', reason: '备注' }, successValues: ['0000'],
    }, 201);
    expect(created.code).toBe('jlnsh');
    const csv = await w.clerk.post(`/api/v1/payments/rolls/${rollId}/export`, { profileCode: 'jlnsh', format: 'csv' });
    expect(String(csv.body).split('\r\n')[0]).toBe('账号,姓名,金额(分),流水号');
    const first = rows[0]!;
    expect(String(csv.body).split('\r\n')[1]).toBe(`${first['账号']},${first['户名']},${Number(first['金额']) * 100},1`);
    const xlsx = await w.t.app.inject({
      method: 'POST', url: `/api/v1/payments/rolls/${rollId}/export`, payload: { format: 'xlsx' },
      headers: { cookie: `mz_session=${w.clerk.cookie}`, 'x-csrf-token': w.clerk.csrf! },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const table = await readTable('bank.xlsx', xlsx.rawPayload, 10);
    expect(table[0]!.cells).toEqual(['序号', '户名', '账号', '金额', '开户行', '摘要']);
    // Accounts stay text (a 19-digit number would lose digits as a spreadsheet number).
    expect(table[1]!.cells.slice(0, 4)).toEqual(['1', first['户名'], first['账号'], first['金额']]);
    expect(await countRows(w.t.db, 'payments_export', `roll_id = '${rollId}'`)).toBe(4);
  });

  it('refuses a return file that does not match, line by line, and changes nothing', async () => {
    const bad = returnCsv(rows, {}, (r) => {
      const out = r.map((x) => [...x]);
      out[0]![2] = '1.00'; // changed amount
      out[1]![1] = '6222000000000000'; // another account
      out.push([...out[2]!]); // duplicate 序号 3
      out.push(['99', '6222000000000099', '10.00', '成功', '']); // unknown
      out.splice(3, 1); // 序号 4 missing
      return out;
    });
    const res = await uploadReturn(w.clerk, rollId, 'bad-return.csv', bad);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RETURN_MISMATCH');
    expect(res.body.report).toEqual([
      { row: 2, transferNo: '1', problem: `金额与代发文件不符（代发 ${rows[0]!['金额']} 元，回盘 1.00 元）` },
      { row: 3, transferNo: '2', problem: expect.stringMatching(/^账号与代发文件不符（回盘账号 \*\*\*\*0000，代发账号 /) },
      { row: 5, transferNo: '3', problem: '序号重复（第 4 行已出现）' },
      { row: 6, transferNo: '99', problem: '发放表中没有这个序号' },
      { row: 0, transferNo: '4', problem: '回盘文件缺少这一笔代发的结果' },
    ]);
    const detail = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}`)).body;
    expect(detail).toMatchObject({ state: 'exported', transfers: { sent: 4, paid: 0, failed: 0 }, paidFen: null });
    const attempts = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/returns`)).body.items;
    expect(attempts).toMatchObject([{ status: 'rejected', problems: 5 }]);
    const report = await w.clerk.get(`/api/v1/payments/returns/${res.body.returnId}/report.xlsx`);
    expect(report.status).toBe(200);
  });

  it('records a matching return with one failure; reconciling waits until it is reissued', async () => {
    const no = rows.find((r) => r['户名'] === '沈二')!['序号']!;
    const res = await uploadReturn(w.clerk, rollId, 'return.csv', returnCsv(rows, { [no]: '账户已销户' }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ paidRows: 3, failedRows: 1, failedFen: 80_100, paidFen: 80_000 + 80_200 + 80_300 });
    expect((await uploadReturn(w.clerk, rollId, 'return.csv', returnCsv(rows))).body.code).toBe('ILLEGAL_TRANSITION');

    let roll = (await w.approver.get(`/api/v1/payments/rolls/${rollId}`)).body;
    expect(roll.availableActions.map((a: any) => a.key)).toContain('reconcile');
    const early = await w.approver.post(`/api/v1/payments/rolls/${rollId}/actions/reconcile`, { version: roll.version });
    expect(early.status).toBe(409);
    expect(early.body.title).toBe('尚有 1 笔失败的代发未重发或放弃，不能对账');

    // Not yet corrected in the registry: nothing to reissue unless the official says so.
    const unchanged = await w.clerk.post(`/api/v1/payments/rolls/${rollId}/reissue`, {});
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.code).toBe('ACCOUNT_NOT_CORRECTED');

    const fixed = newAccount();
    await setAccount(w.township, persons[1]!.id, fixed);
    const reissue = await ok(w.clerk, `/api/v1/payments/rolls/${rollId}/reissue`, {}, 201);
    expect(reissue).toMatchObject({ kind: 'reissue', rollNo: 'FF-220105-202601-t_tekun-R1', lineCount: 1, amountFen: 80_100, state: 'draft', month: '2026-01' });
    const line = (await w.clerk.get(`/api/v1/payments/rolls/${reissue.id}/lines`)).body.items[0];
    expect(line).toMatchObject({ kind: 'reissue', period: '2026-01', payeeName: '沈二' });
    expect(line.reason).toContain('账户已销户');

    // The paid transfers are untouched; the failed one points at its reissue.
    const transfers = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/transfers`)).body.items;
    expect(transfers.map((t: any) => [t.transferNo, t.status, t.reissuedInRollId])).toEqual(
      [1, 2, 3, 4].map((n) => (String(n) === no ? [n, 'failed', reissue.id] : [n, 'paid', null])));
    roll = (await w.approver.get(`/api/v1/payments/rolls/${rollId}`)).body;
    const closed = await ok(w.approver, `/api/v1/payments/rolls/${rollId}/actions/reconcile`, { version: roll.version });
    expect(closed.state).toBe('reconciled');

    // The reissue goes through the same steps and reaches the corrected account.
    let r = await ok(w.reviewer, `/api/v1/payments/rolls/${reissue.id}/actions/review`, { version: reissue.version });
    r = await ok(w.approver, `/api/v1/payments/rolls/${reissue.id}/actions/approve`, { version: r.version });
    const reRows = await exportCsv(w.clerk, reissue.id);
    expect(reRows).toEqual([expect.objectContaining({ 序号: '1', 账号: fixed, 金额: '801.00', 摘要: '2026年1月特困人员救助供养（测试）金（重发）' })]);
    expect((await uploadReturn(w.clerk, reissue.id, 'r1.csv', returnCsv(reRows))).status).toBe(200);
    r = (await w.approver.get(`/api/v1/payments/rolls/${reissue.id}`)).body;
    expect((await ok(w.approver, `/api/v1/payments/rolls/${reissue.id}/actions/reconcile`, { version: r.version })).state).toBe('reconciled');
    // A reissued line cannot be reissued twice (unique constraint on the original line).
    const dup = w.t.db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_roll (id, roll_no, kind, programme, reissue_of_roll_id, region_code, month)
      VALUES ('00000000-0000-4000-8000-0000000000aa', 'X-R9', 'reissue', 't_tekun', ${rollId}::uuid, ${COUNTY}, '2026-01-01')`).then(() => tx.run(sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id, reissue_of)
      SELECT '00000000-0000-4000-8000-0000000000aa', 1, 'reissue', programme, period, subject_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id, reissue_of
      FROM payments_line WHERE kind = 'reissue'`)));
    await expect(dup).rejects.toMatchObject({ code: '23505', constraint: 'payments_line_reissue_once' });
  });

  it('lets the approver abandon a failure with a reason, then reconcile; the roll exports to Excel without accounts', async () => {
    const feb = await approvedRoll(w, 't_tekun', '2026-02');
    const febRows = await exportCsv(w.clerk, feb.id);
    const no = febRows.find((r) => r['户名'] === '韩三')!['序号']!;
    expect((await uploadReturn(w.clerk, feb.id, 'feb.csv', returnCsv(febRows, { [no]: '户名与账号不符' }))).status).toBe(200);
    expect((await w.clerk.post(`/api/v1/payments/rolls/${feb.id}/transfers/${no}/abandon`, { reason: '对象已死亡，无继承人' })).status).toBe(403);
    const abandoned = await ok(w.approver, `/api/v1/payments/rolls/${feb.id}/transfers/${no}/abandon`, { reason: '对象已死亡，无继承人' });
    expect(abandoned).toMatchObject({ transferNo: Number(no), status: 'failed', abandonedReason: '对象已死亡，无继承人', payeeName: '韩三' });
    expect((await w.approver.post(`/api/v1/payments/rolls/${feb.id}/transfers/${no}/abandon`, { reason: '再次' })).status).toBe(409);
    const roll = (await w.approver.get(`/api/v1/payments/rolls/${feb.id}`)).body;
    expect(roll.transfers).toMatchObject({ failed: 1, abandoned: 1 });
    expect((await ok(w.approver, `/api/v1/payments/rolls/${feb.id}/actions/reconcile`, { version: roll.version })).state).toBe('reconciled');

    const history = (await w.approver.get(`/api/v1/payments/persons/${persons[2]!.id}/history`)).body.items;
    expect(history.map((l: any) => [l.rollMonth, l.transferStatus, l.failureReason])).toEqual([['2026-02', 'failed', '户名与账号不符'], ['2026-01', 'paid', null]]);

    const xlsx = await w.t.app.inject({ method: 'GET', url: `/api/v1/payments/rolls/${feb.id}/roll.xlsx`, headers: { cookie: `mz_session=${w.approver.cookie}` } });
    expect(xlsx.statusCode).toBe(200);
    const lines = await readTable('roll.xlsx', xlsx.rawPayload, 100);
    expect(lines[0]!.cells.slice(0, 3)).toEqual(['区划代码', '区划', '层级']); // the 汇总 sheet comes first
    const text = lines.map((l) => l.cells.join(',')).join('\n');
    for (const p of persons) expect(text).not.toContain(p.account!);
    const [audit] = await w.t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payments.roll_export_xlsx'`));
    expect(audit!.n).toBe(1);
  });

  it('keeps rolls to their county: neighbours see nothing and can do nothing', async () => {
    const url = `/api/v1/payments/rolls/${rollId}`;
    for (const s of [w.dongsheng, w.township, w.neighbour]) {
      expect((await s.get(url)).status).toBe(404);
      expect((await s.get(`${url}/lines`)).status).toBe(404);
      expect((await s.get('/api/v1/payments/rolls')).body.items).toEqual([]);
    }
    for (const [method, path, body] of [
      ['POST', `${url}/actions/review`, { version: 1 }], ['POST', `${url}/export`, {}], ['POST', `${url}/reissue`, {}],
      ['POST', `${url}/regenerate`, { version: 1 }], ['DELETE', `${url}?version=1`, undefined],
    ] as const) {
      const res = await w.neighbour.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // The township cannot prepare a roll: rolls belong to the county.
    expect((await w.township.post('/api/v1/payments/rolls', { programme: 't_tekun', month: '2026-02' })).status).toBe(403);
    // The city reads, but does not act.
    expect((await w.city.get(url)).status).toBe(200);
    expect((await w.city.post(`${url}/export`, {})).status).toBe(403);
    // Person history: the person's own township sees it, the neighbouring one does not.
    expect((await w.township.get(`/api/v1/payments/persons/${persons[0]!.id}/history`)).body.items).toHaveLength(2);
    expect((await w.dongsheng.get(`/api/v1/payments/persons/${persons[0]!.id}/history`)).status).toBe(404);
    expect((await w.neighbour.get(`/api/v1/payments/entitlements?programme=t_tekun`)).body.total).toBe(0);
    // The database itself refuses: a neighbour's scoped transaction sees no lines even unfiltered.
    const seen = await w.t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM payments_line`), { scope: { actorId: null, regionCode: '220102000000' } });
    expect(seen).toHaveLength(0);
  });
});
