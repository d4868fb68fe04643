import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { COUNTY, createPerson, exportCsv, grant, LINGDONG, NEIGHBOUR_COUNTY, newCaseId, ok, paymentsWorld, type PaymentsWorld, type TestPerson } from './testing/payments.fixtures.ts';
import ExcelJS from 'exceljs';
import type { GrantInput } from '../domain/index.ts';

// A 临时救助 is decided where the emergency happened: here 二道区 pays a traveller registered in
// 南关区. The ledger records the grant, the roll names the payee, the bank file carries the
// account — and neither the county nor its townships can read the person through the registry.

const NANGUAN_VILLAGE = '220102001001'; // a village of 南关区

describe.each(testEngines())('payees registered in another county on %s', (engine) => {
  let w: PaymentsWorld;
  let traveller: TestPerson;
  let local: TestPerson;
  let rollId = '';

  const linshi = (personId: string, amountFen: number): GrantInput => ({
    programme: 't_linshi', beneficiary: { personId }, regionCode: LINGDONG, month: '2026-05', amountFen,
    breakdown: { items: [{ code: 'emergency', label: '急难救助', amountFen }] }, ruleVersion: 'linshi-2026.1',
    origin: { kind: 'one_off', sourceModule: 'assistance', sourceId: newCaseId(), reason: '临时救助审批' },
  });

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    traveller = await createPerson(w.neighbour, { name: '陈旅人', birth: '19750506', regionCode: NANGUAN_VILLAGE });
    local = await createPerson(w.township, { name: '林本地', birth: '19680302' });
  });
  afterAll(async () => { await w?.t.close(); });

  it('is out of the county\'s registry scope to begin with', async () => {
    expect((await w.clerk.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(404);
    expect((await w.township.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(404);
    expect((await w.neighbour.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(200);
  });

  it('records the grant for the traveller under the county\'s own scope, and names the payee in the ledger', async () => {
    const { entitlementId } = await grant(w.t.db, linshi(traveller.id, 80_000));
    expect(entitlementId).toMatch(/^[0-9a-f-]{36}$/);
    await grant(w.t.db, linshi(local.id, 50_000));
    const list = (await w.clerk.get('/api/v1/payments/entitlements?programme=t_linshi')).body.items;
    expect(list.find((e: any) => e.id === entitlementId)).toMatchObject({ payeeName: '陈旅人', monthlyAmountFen: 80_000, regionCode: LINGDONG });
    expect(list.find((e: any) => e.id === entitlementId).payeeIdMasked).toMatch(/^2201\*+\d{3}[\dX]$/);
  });

  it('still refuses a payee that exists nowhere', async () => {
    await expect(grant(w.t.db, linshi('00000000-0000-4000-8000-00000000abcd', 1_000))).rejects.toMatchObject({
      code: 'INVALID', title: '收款人不存在',
    });
  });

  it('shows the traveller\'s name on the roll\'s lines and its Excel, with no missing account', async () => {
    const roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_linshi', month: '2026-05' }, 201);
    rollId = roll.id;
    expect(roll).toMatchObject({ lineCount: 2, amountFen: 130_000, missingAccounts: 0 });
    const lines = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines`)).body.items;
    const mine = lines.find((l: any) => l.personId === traveller.id);
    expect(mine).toMatchObject({ payeeName: '陈旅人', amountFen: 80_000, kind: 'grant' });
    expect(mine.payeeIdMasked).toMatch(/^2201\*+\d{3}[\dX]$/);
    expect(lines.find((l: any) => l.personId === local.id)).toMatchObject({ payeeName: '林本地' });

    const xlsx = await w.t.app.inject({ method: 'GET', url: `/api/v1/payments/rolls/${rollId}/roll.xlsx`, headers: { cookie: `mz_session=${w.clerk.cookie}` } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const names = wb.getWorksheet('发放明细')!.getColumn(6).values.slice(2);
    expect([...names].sort()).toEqual(['林本地', '陈旅人'].sort());
  });

  it('exports the traveller\'s account into the bank file and names them on the transfers', async () => {
    let roll = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}`)).body;
    roll = await ok(w.reviewer, `/api/v1/payments/rolls/${rollId}/actions/review`, { version: roll.version });
    await ok(w.approver, `/api/v1/payments/rolls/${rollId}/actions/approve`, { version: roll.version });
    const rows = await exportCsv(w.clerk, rollId);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r['户名'] === '陈旅人')).toMatchObject({ 账号: traveller.account!, 金额: '800.00' });
    expect(rows.find((r) => r['户名'] === '林本地')).toMatchObject({ 账号: local.account!, 金额: '500.00' });
    const transfers = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/transfers`)).body.items;
    const t = transfers.find((x: any) => x.amountFen === 80_000);
    expect(t).toMatchObject({ payeeName: '陈旅人', bankName: '吉林银行长春分行' });
    expect(t.accountMasked).toContain(traveller.account!.slice(-4));
    expect(t.payeeIdMasked).toMatch(/^2201\*+\d{3}[\dX]$/);
  });

  it('answers the payee functions only inside the roll\'s county, and the registry stays closed', async () => {
    const [line] = await w.t.db.transaction((tx) => tx.rows<{ id: string }>(sql`
      SELECT id::text FROM payments_line WHERE roll_id = ${rollId}::uuid AND payee_person_id = ${traveller.id}::uuid`));
    const as = (regionCode: string) => w.t.db.transaction(async (tx) => ({
      line: await tx.rows<{ name: string }>(sql`SELECT name FROM payments_line_payee(${line!.id}::bigint)`),
      transfer: await tx.rows<{ name: string }>(sql`SELECT name FROM payments_transfer_payee(${rollId}::uuid, 1)`),
      registry: await tx.rows(sql`SELECT 1 FROM registry_person WHERE id = ${traveller.id}::uuid`),
    }), { scope: { actorId: null, regionCode } });
    const county = await as(COUNTY);
    expect(county.line).toEqual([{ name: '陈旅人' }]);
    expect(county.transfer).toHaveLength(1);
    expect(county.registry).toHaveLength(0);
    // Another county (here the traveller's own) and a township get nothing about 二道区's roll.
    const other = await as(NEIGHBOUR_COUNTY);
    expect(other).toMatchObject({ line: [], transfer: [] });
    const township = await as('220105003000');
    expect(township).toMatchObject({ line: [], transfer: [], registry: [] });
    // After all of it, the registry API still does not show the person to the county or its township.
    expect((await w.clerk.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(404);
    expect((await w.township.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(404);
    expect((await w.clerk.get(`/api/v1/registry/persons?q=${encodeURIComponent('陈旅人')}`)).body.total ?? 0).toBe(0);
  });
});
