import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { EndEntitlementInput, EntitlementInput } from '../domain/index.ts';
import { endEntitlements, recordEntitlements } from './entitlement-bulk.service.ts';
import {
  approvedRoll, asCounty, countRows, createPerson, dibao, end, exportCsv, family, LINGDONG, newCaseId, ok, paymentsWorld, record,
  SYSTEM_ACTOR, type PaymentsWorld, type TestPerson,
} from './testing/payments.fixtures.ts';

// The set-based entry points must leave the ledger exactly as the single calls would: two twin
// sets of beneficiaries get the same decisions, set A one call at a time, set B in one batch, and
// the rolls and ledger rows of the two sets must match line for line.

const tekun = (personId: string, fromMonth: string, amount: number, extra: Partial<EntitlementInput> = {}, source = newCaseId()): EntitlementInput => ({
  programme: 't_tekun', beneficiary: { personId }, regionCode: LINGDONG, fromMonth, monthlyAmountFen: amount,
  breakdown: { items: [{ code: 'basic', label: '基本生活费', amountFen: amount }] }, ruleVersion: 'tekun-2026.1',
  origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: source, reason: '特困供养审批' }, ...extra,
});

describe.each(testEngines())('bulk entitlements on %s', (engine) => {
  let w: PaymentsWorld;
  const bulkRecord = (inputs: EntitlementInput[]) => asCounty(w.t.db, (tx) => recordEntitlements(tx, SYSTEM_ACTOR, inputs));
  const bulkEnd = (inputs: EndEntitlementInput[]) => asCounty(w.t.db, (tx) => endEntitlements(tx, SYSTEM_ACTOR, inputs));

  /** One twin of each pair: three households (dibao) and two persons (tekun), and their series. */
  interface Twin {
    households: Awaited<ReturnType<typeof family>>[];
    persons: TestPerson[];
    sources: { h1: string; h2: string; h3: string; p1: string; p2: string };
  }
  const twins: Record<'A' | 'B', Twin> = {} as never;
  /** subject id → 'H1' / 'P2': lines compare across the twins by role. */
  const role: Record<string, string> = {};
  /** The audit log's last id before these tests (the demo seed writes entries of its own). */
  let auditBaseline = 0;

  function decisions(t: Twin): EntitlementInput[] {
    const [h1, h2, h3] = t.households;
    return [
      dibao(h1!.householdId, '2026-01', 60_000, {}, t.sources.h1),
      // The applicant, not the head, receives the money.
      dibao(h2!.householdId, '2026-01', 45_000, { payeePersonId: h2!.persons[1]!.id, personCount: 2 }, t.sources.h2),
      // Effective from February: ended later before its first month.
      dibao(h3!.householdId, '2026-02', 30_000, { personCount: 1 }, t.sources.h3),
      tekun(t.persons[0]!.id, '2026-01', 80_000, {}, t.sources.p1),
      tekun(t.persons[1]!.id, '2026-01', 70_000, { toMonth: '2026-04' }, t.sources.p2),
    ];
  }
  function stops(t: Twin): EndEntitlementInput[] {
    return [
      { sourceModule: 'assistance', sourceId: t.sources.h1, lastMonth: '2026-01', reason: '户主于2026年1月死亡（3月报告）' },
      { sourceModule: 'assistance', sourceId: t.sources.h3, lastMonth: '2026-01', reason: '2026-01-20死亡，2026-03-05报告' },
      { sourceModule: 'assistance', sourceId: t.sources.h2, lastMonth: '2026-05', reason: '渐退期满停发' },
      // Already ending in April: nothing current runs past June.
      { sourceModule: 'assistance', sourceId: t.sources.p2, lastMonth: '2026-06', reason: '重复报告' },
    ];
  }

  const lines = async (rollId: string) => (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines?pageSize=200`)).body.items as any[];
  /** A roll's lines per twin, by role, without the ids that differ. */
  async function linesByTwin(rollId: string) {
    const out: Record<string, unknown[]> = { A: [], B: [] };
    for (const l of await lines(rollId)) {
      const subject = l.householdId ?? l.personId;
      const r = role[subject];
      if (!r) continue;
      // Twins' names differ only in their first letter ('A秦家甲' / 'B秦家甲').
      out[r[0]!]!.push([r.slice(1), l.kind, l.period, l.amountFen, l.personCount, l.reason, String(l.payeeName).replace(/^[AB]/, ''), l.ruleVersion]);
    }
    const sort = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
    return { A: sort(out.A!), B: sort(out.B!) };
  }
  /** The series' ledger rows as the twins must share them. */
  async function ledger(source: string) {
    return w.t.db.transaction((tx) => tx.rows<Record<string, unknown>>(sql`
      SELECT series_version, kind, from_month::text, to_month::text, monthly_amount_fen::int AS fen, person_count, origin_kind, reason, rule_version,
        breakdown, superseded_at IS NOT NULL AS superseded, superseded_by IS NOT NULL AS superseded_by, created_by_name
      FROM payments_entitlement WHERE source_module = 'assistance' AND source_id = ${source} ORDER BY series_version, from_month, superseded_at NULLS LAST`));
  }
  async function recalc(subjectId: string) {
    return w.t.db.transaction((tx) => tx.rows<{ programme: string; from_month: string; region_code: string }>(sql`
      SELECT programme, from_month::text, region_code FROM payments_recalc WHERE subject_id = ${subjectId}::uuid ORDER BY id`));
  }
  async function audits(action: string) {
    return w.t.db.transaction((tx) => tx.rows<{ summary: string; region_code: string; entity_id: string; diff: any }>(sql`
      SELECT summary, region_code, entity_id, diff FROM audit_log WHERE action = ${action} AND id > ${auditBaseline} ORDER BY id`));
  }

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    const [last] = await w.t.db.transaction((tx) => tx.rows<{ id: string }>(sql`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`));
    auditBaseline = Number(last!.id);
    for (const twin of ['A', 'B'] as const) {
      const households = [];
      for (const [i, label] of ['秦家', '尤家', '许家'].entries()) {
        const f = await family(w.township, `${twin}${label}`, i === 1 ? 2 : 1);
        households.push(f);
        role[f.householdId] = `${twin}H${i + 1}`;
      }
      const persons = [];
      for (const [i, name] of ['何甲', '吕乙'].entries()) {
        const p = await createPerson(w.township, { name: `${twin}${name}`, birth: `19${50 + i}0${i + 3}15` });
        persons.push(p);
        role[p.id] = `${twin}P${i + 1}`;
      }
      twins[twin] = { households, persons, sources: { h1: newCaseId(), h2: newCaseId(), h3: newCaseId(), p1: newCaseId(), p2: newCaseId() } };
    }
  });
  afterAll(async () => { await w?.t.close(); });

  it('records new series exactly as one call per series does: ledger rows, roll lines, payees, settlement marks', async () => {
    for (const d of decisions(twins.A)) await record(w.t.db, d);
    const result = await bulkRecord(decisions(twins.B));
    expect(result).toHaveLength(5);
    expect(result.every((r) => r.seriesVersion === 1 && /^[0-9a-f-]{36}$/.test(r.entitlementId))).toBe(true);
    // In input order: each id is the series named at its position.
    const [row] = await w.t.db.transaction((tx) => tx.rows<{ source_id: string }>(sql`SELECT source_id FROM payments_entitlement WHERE id = ${result[3]!.entitlementId}::uuid`));
    expect(row!.source_id).toBe(twins.B.sources.p1);

    for (const key of ['h1', 'h2', 'h3', 'p1', 'p2'] as const) {
      expect(await ledger(twins.B.sources[key]), key).toEqual(await ledger(twins.A.sources[key]));
    }
    // Payee: the head unless the decision names another member.
    const payees = await w.t.db.transaction((tx) => tx.rows<{ source_id: string; payee_person_id: string }>(sql`
      SELECT source_id, payee_person_id FROM payments_entitlement WHERE source_id IN (${twins.B.sources.h1}, ${twins.B.sources.h2}, ${twins.B.sources.p1})`));
    const payeeOf = Object.fromEntries(payees.map((p) => [p.source_id, p.payee_person_id]));
    expect(payeeOf[twins.B.sources.h1]).toBe(twins.B.households[0]!.head.id);
    expect(payeeOf[twins.B.sources.h2]).toBe(twins.B.households[1]!.persons[1]!.id);
    expect(payeeOf[twins.B.sources.p1]).toBe(twins.B.persons[0]!.id);
    // Each beneficiary is marked for settlement from its first month, as the single call marks it.
    expect(await recalc(twins.B.households[2]!.householdId)).toEqual([{ programme: 't_dibao', from_month: '2026-02-01', region_code: LINGDONG }]);
    expect(await recalc(twins.B.persons[1]!.id)).toEqual(await recalc(twins.A.persons[1]!.id));

    // The rolls pay both twins the same.
    for (const programme of ['t_dibao', 't_tekun']) {
      const jan = await approvedRoll(w, programme, '2026-01');
      const janLines = await linesByTwin(jan.id);
      expect(janLines.B).toEqual(janLines.A);
      expect(janLines.B.length).toBe(2);
      await exportCsv(w.clerk, jan.id);
      const feb = await approvedRoll(w, programme, '2026-02');
      const febLines = await linesByTwin(feb.id);
      expect(febLines.B).toEqual(febLines.A);
      expect(febLines.B.length).toBe(programme === 't_dibao' ? 3 : 2);
      await exportCsv(w.clerk, feb.id);
    }
  });

  it('writes one audit entry for the batch that names every series', async () => {
    const bulk = await audits('payments.entitlement_record_bulk');
    // One entry for the whole batch; the single path wrote one per call.
    expect(bulk).toHaveLength(1);
    expect(await audits('payments.entitlement_record')).toHaveLength(5);
    const audit = bulk[0];
    expect(audit).toMatchObject({
      region_code: LINGDONG,
      summary: '低保、特困待遇批量记录：5 项，每月合计 2850.00 元（来源 assistance）',
    });
    expect(audit!.diff).toMatchObject({
      count: { before: null, after: 5 }, totalMonthlyAmountFen: { before: null, after: 285_000 }, programme: { before: null, after: 't_dibao、t_tekun' },
      sourceIds: { before: null, after: Object.values(twins.B.sources) },
    });
    const [first] = await w.t.db.transaction((tx) => tx.rows<{ source_id: string }>(sql`SELECT source_id FROM payments_entitlement WHERE id = ${audit!.entity_id}::uuid`));
    expect(first!.source_id).toBe(twins.B.sources.h1);
  });

  it('ends series exactly as one call per series does, including an end before the first month', async () => {
    const single = [];
    for (const s of stops(twins.A)) single.push(await end(w.t.db, s));
    const bulk = await bulkEnd(stops(twins.B));
    expect(bulk).toEqual(single);
    expect(bulk).toEqual([{ ended: true }, { ended: true }, { ended: true }, { ended: false }]);

    for (const key of ['h1', 'h2', 'h3', 'p1', 'p2'] as const) {
      expect(await ledger(twins.B.sources[key]), key).toEqual(await ledger(twins.A.sources[key]));
    }
    // Ended before its first month: a version of amount 0, superseded from birth, carrying the end's reason.
    const h3 = await ledger(twins.B.sources.h3);
    expect(h3.filter((r) => !r.superseded)).toEqual([]);
    expect(h3.find((r) => r.origin_kind === 'end')).toMatchObject({ series_version: 2, fen: 0, from_month: '2026-02-01', to_month: '2026-02-01', reason: '2026-01-20死亡，2026-03-05报告' });
    // Each stop marks its beneficiary for settlement from the month after the last one paid, as the
    // single call does (earlier marks of the recording wait for a roll past their month).
    const lastMark = async (subject: string) => (await recalc(subject)).at(-1)?.from_month;
    expect(await lastMark(twins.B.households[0]!.householdId)).toBe('2026-02-01');
    expect(await lastMark(twins.B.households[1]!.householdId)).toBe('2026-06-01');
    expect(await lastMark(twins.B.households[2]!.householdId)).toBe('2026-02-01');
    expect(await recalc(twins.B.persons[1]!.id)).toEqual(await recalc(twins.A.persons[1]!.id));
    for (const i of [0, 1, 2]) expect(await recalc(twins.B.households[i]!.householdId)).toEqual(await recalc(twins.A.households[i]!.householdId));

    // March: both twins get the same recoveries, with the end's reason.
    const march = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' }, 201);
    const marchLines = await linesByTwin(march.id);
    expect(marchLines.B).toEqual(marchLines.A);
    const mine = (await lines(march.id)).filter((l) => role[l.householdId]?.startsWith('B')).map((l) => [role[l.householdId], l.kind, l.period, l.amountFen, l.reason]);
    expect(mine).toEqual(expect.arrayContaining([
      ['BH1', 'recovery', '2026-02', -60_000, '2026年2月追回：户主于2026年1月死亡（3月报告）'],
      ['BH3', 'recovery', '2026-02', -30_000, '2026年2月追回：2026-01-20死亡，2026-03-05报告'],
      ['BH2', 'regular', '2026-03', 45_000, null],
    ]));
    expect(mine).toHaveLength(3);

    const [audit, ...more] = await audits('payments.entitlement_end_bulk');
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ region_code: LINGDONG, summary: '低保待遇批量停发：3 项（来源 assistance）' });
    expect(audit!.diff).toMatchObject({ count: { before: null, after: 3 }, sourceIds: { before: null, after: [twins.B.sources.h1, twins.B.sources.h3, twins.B.sources.h2] } });
    // Ending again changes nothing and writes nothing.
    const before = await countRows(w.t.db, 'payments_entitlement');
    expect(await bulkEnd(stops(twins.B))).toEqual([{ ended: false }, { ended: false }, { ended: false }, { ended: false }]);
    expect(await countRows(w.t.db, 'payments_entitlement')).toBe(before);
    expect(await audits('payments.entitlement_end_bulk')).toHaveLength(1);
  });

  it('refuses overlaps with the ledger and within the batch, naming the input, and writes nothing', async () => {
    const person = await createPerson(w.township, { name: '施丙', birth: '19480612' });
    const other = await createPerson(w.township, { name: '张丁', birth: '19470312' });
    const rowsBefore = await countRows(w.t.db, 'payments_entitlement');
    const recalcBefore = await countRows(w.t.db, 'payments_recalc');

    // B's first person is paid 特困 from January, open-ended.
    await expect(bulkRecord([tekun(other.id, '2026-04', 1_000), tekun(twins.B.persons[0]!.id, '2026-05', 1_000)])).rejects.toMatchObject({
      code: 'ENTITLEMENT_OVERLAP', status: 409, title: '第 2 条：该对象在这一期间已有特困待遇',
      detail: expect.stringContaining(`已有来源 assistance/${twins.B.sources.p1} 自 2026-01 起的待遇`),
      errors: [{ path: '1.beneficiary' }],
    });
    // Two inputs for one person with overlapping months: the later one is named.
    await expect(bulkRecord([
      tekun(person.id, '2026-04', 1_000, { toMonth: '2026-06' }), tekun(other.id, '2026-04', 1_000), tekun(person.id, '2026-06', 2_000),
    ])).rejects.toMatchObject({ code: 'ENTITLEMENT_OVERLAP', title: '第 3 条：该对象在这一期间已有特困待遇', detail: expect.stringContaining('本批第 1 条') });
    // Whatever their order in the batch: an open-ended input listed first, an earlier period after it.
    await expect(bulkRecord([
      tekun(person.id, '2026-06', 2_000), tekun(other.id, '2026-04', 1_000), tekun(person.id, '2026-04', 1_000, { toMonth: '2026-06' }),
    ])).rejects.toMatchObject({ code: 'ENTITLEMENT_OVERLAP', title: '第 3 条：该对象在这一期间已有特困待遇', errors: [{ path: '2.beneficiary' }] });
    // Adjacent periods do not overlap.
    const adjacent = await bulkRecord([tekun(person.id, '2026-04', 1_000, { toMonth: '2026-06' }), tekun(person.id, '2026-07', 2_000)]);
    expect(adjacent).toHaveLength(2);
    const afterAdjacent = await countRows(w.t.db, 'payments_entitlement');
    expect(afterAdjacent).toBe(rowsBefore + 2);
    expect(await countRows(w.t.db, 'payments_recalc')).toBe(recalcBefore + 2);

    // A series that already has rows is not opened again: changes go through recordEntitlement.
    await expect(bulkRecord([tekun(other.id, '2026-04', 1_000), tekun(twins.B.persons[1]!.id, '2026-08', 1_000, {}, twins.B.sources.p2)])).rejects.toMatchObject({
      code: 'SERIES_EXISTS', status: 409, title: `第 2 条的来源 assistance/${twins.B.sources.p2} 已有待遇记录`, errors: [{ path: '1.origin.sourceId' }],
    });
    const same = newCaseId();
    await expect(bulkRecord([tekun(other.id, '2026-04', 1_000, {}, same), tekun(person.id, '2026-12', 1_000, {}, same)])).rejects.toMatchObject({
      code: 'INVALID', title: '第 2 条与第 1 条是同一来源', errors: [{ path: '1.origin.sourceId' }],
    });
    expect(await countRows(w.t.db, 'payments_entitlement')).toBe(afterAdjacent);
  });

  it('refuses bad inputs and basis errors, naming the index', async () => {
    const person = await createPerson(w.township, { name: '孔戊', birth: '19460101' });
    const fam = await family(w.township, '曹家', 1);
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000), tekun(person.id, '2026-13', -5)])).rejects.toMatchObject({
      code: 'INVALID', title: '第 2 条待遇数据有误',
      errors: expect.arrayContaining([{ path: '1.fromMonth', message: '月份格式应为 YYYY-MM' }, { path: '1.monthlyAmountFen', message: '金额不能为负数' }]),
    });
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000), dibao(fam.householdId, '2026-04', 1_000, { beneficiary: { personId: person.id } })])).rejects.toMatchObject({
      code: 'INVALID', title: '第 2 条：「最低生活保障（测试）」按户发放，请指定家庭', errors: [{ path: '1.beneficiary.householdId' }],
    });
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000, { beneficiary: { householdId: fam.householdId } })])).rejects.toMatchObject({
      code: 'INVALID', title: '第 1 条：「特困人员救助供养（测试）」按人发放，请指定人员', errors: [{ path: '0.beneficiary.personId' }],
    });
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000, { programme: 't_linshi' })])).rejects.toMatchObject({
      title: '「临时救助（测试）」不是按月发放的项目', errors: [{ path: '0.programme' }],
    });
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000), dibao('7b0c3c5e-8d4f-4c1a-9a6e-2f1d0e9b8a71', '2026-04', 1_000)])).rejects.toMatchObject({
      title: '第 2 条：家庭不存在', errors: [{ path: '1.beneficiary.householdId' }],
    });
    await expect(bulkRecord([tekun(person.id, '2026-04', 1_000, { payeePersonId: '7b0c3c5e-8d4f-4c1a-9a6e-2f1d0e9b8a72' })])).rejects.toMatchObject({
      title: '第 1 条：收款人不存在', errors: [{ path: '0.payeePersonId' }],
    });
    await expect(bulkEnd([{ sourceModule: 'assistance', sourceId: 'x', lastMonth: '2026-04', reason: '停发' }, { sourceModule: 'assistance', sourceId: 'y', lastMonth: '2026-4', reason: '' }]))
      .rejects.toMatchObject({ code: 'INVALID', title: '第 2 条停发数据有误', errors: expect.arrayContaining([{ path: '1.lastMonth', message: '月份格式应为 YYYY-MM' }]) });
    // Nothing for this person was written by any of the refused batches.
    expect(await countRows(w.t.db, 'payments_entitlement', `person_id = '${person.id}'`)).toBe(0);
    expect(await bulkRecord([])).toEqual([]);
  });
});
