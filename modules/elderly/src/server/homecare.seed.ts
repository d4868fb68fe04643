/**
 * Demo data of 居家社区养老服务 (not in production), in the demo county 二道区: two providers, the
 * county's catalogue and budget standards, about 15 elders enrolled on what the data supports
 * (filled up with declared 失独 elders if the data gives fewer), orders in every state this month,
 * one provider month already settled last month, and a few time-bank entries. The orders go
 * through the same services the officials use, so their events, budgets and audit entries are real.
 * Idempotent: writes nothing once the county has a provider.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import { textArray } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { addMonths, computeCreditCodeCheckChar, firstDayOfMonth, subtreeRange, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { resolveBudget } from '../domain/homecare.rules.ts';
import { actOnOrder, generateSettlement, registerOrder } from './homecare.orders.ts';
import { createProvider, eligibility, listBudgetParams, saveCatalogueItem, setBudgetParam, type HomecareActor } from './homecare.service.ts';
import { credit, redeem } from './homecare.timebank.ts';

const DEMO_COUNTY = '220105000000';
const DEMO_BENEFICIARIES = 15;
const SYSTEM: HomecareActor = { actorId: null, actorName: '演示数据', actorRegion: DEMO_COUNTY, ip: null, regionCode: DEMO_COUNTY };

const creditCode = (n: number) => {
  const first17 = `52220105MJ${String(n).padStart(7, '0')}`;
  return first17 + computeCreditCodeCheckChar(first17);
};

const CATALOGUE = [
  { code: 'ZC-01', name: '上门送餐', category: 'meal', unit: 'visit', priceFen: 1500 },
  { code: 'ZJ-01', name: '居室保洁', category: 'cleaning', unit: 'hour', priceFen: 3000 },
  { code: 'ZY-01', name: '上门助浴', category: 'bathing', unit: 'visit', priceFen: 6000 },
  { code: 'ZY-02', name: '陪同就医', category: 'medical', unit: 'hour', priceFen: 2500 },
  { code: 'ZX-01', name: '助行陪护', category: 'mobility', unit: 'hour', priceFen: 2000 },
  { code: 'ZJI-01', name: '紧急呼叫响应', category: 'emergency', unit: 'visit', priceFen: 2000 },
  { code: 'JS-01', name: '聊天陪伴', category: 'companionship', unit: 'hour', priceFen: 2000 },
  { code: 'KF-01', name: '康复护理', category: 'rehab_care', unit: 'hour', priceFen: 5000 },
] as const;

const BUDGETS = [['disabled', 30_000], ['dementia', 30_000], ['shidu', 30_000], ['empty_nest_80', 20_000], ['low_income', 20_000]] as const;

export async function seedDemoHomecare(db: Database, _cipher: FieldCipher): Promise<number> {
  const county = subtreeRange(DEMO_COUNTY);
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_homecare_provider WHERE region_code = ${DEMO_COUNTY}`) as [{ n: number }];
    if (n > 0) return 0;
    const townships = await tx.rows<{ code: string }>(sql`SELECT code FROM region WHERE parent_code = ${DEMO_COUNTY} ORDER BY code`);
    if (!townships.length) return 0;
    const today = todayInShanghai();
    const year = today.slice(0, 4);
    const p1 = await createProvider(tx, SYSTEM, {
      name: '二道区颐康居家养老服务中心', creditCode: creditCode(1), contactName: '王丽', contactPhone: '0431-84561234',
      serviceRegions: townships.map((t) => t.code), contractFrom: `${year}-01-01`, contractTo: `${Number(year) + 1}-12-31`,
    });
    const p2 = await createProvider(tx, SYSTEM, {
      name: '二道区康乐助老服务社', creditCode: creditCode(2), contactName: '赵刚', contactPhone: '0431-84569876',
      serviceRegions: townships.map((t) => t.code), contractFrom: `${year}-01-01`, contractTo: `${year}-12-31`,
    });
    const from = `${Number(year) - 1}-01-01`;
    for (const item of CATALOGUE) await saveCatalogueItem(tx, SYSTEM, { ...item, effectiveFrom: from });
    for (const [group, fen] of BUDGETS) await setBudgetParam(tx, SYSTEM, { regionCode: DEMO_COUNTY, group, monthlyBudgetFen: fen, fromMonth: from.slice(0, 7) });

    // Enrol: the elders the data supports, then declared 失独 elders to make up the number. One INSERT.
    // A mix of groups: 失能 and 困难 elders first (up to 5 each), then 80+ 空巢, two places kept for declared 失独.
    const candidates = (await eligibility(tx, DEMO_COUNTY, { pageSize: 500 })).items;
    const supported: typeof candidates = [];
    for (const group of ['disabled', 'low_income', 'empty_nest_80'] as const) {
      const room = DEMO_BENEFICIARIES - 2 - supported.length;
      supported.push(...candidates.filter((c) => c.groups.includes(group) && !supported.includes(c)).slice(0, group === 'empty_nest_80' ? room : Math.min(5, room)));
    }
    const more = DEMO_BENEFICIARIES - supported.length;
    const declared = more > 0 ? await tx.rows<{ id: string; region_code: string }>(sql`
      SELECT p.id, p.region_code FROM registry_person p
      WHERE p.region_code >= ${county.from} AND p.region_code < ${county.to} AND p.status = 'alive'
        AND p.birth_date <= (${today}::date - interval '60 years')::date AND NOT (p.id = ANY(${textArray(supported.map((s) => s.personId))}::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM elderly_resident r WHERE r.person_id = p.id AND r.checked_out_on IS NULL)
      ORDER BY p.id_hash LIMIT ${more}`) : [];
    const params = await listBudgetParams(tx, DEMO_COUNTY);
    const rows = [
      ...supported.map((s) => ({ personId: s.personId, regionCode: s.regionCode, groups: s.groups as string[], reason: null as string | null })),
      ...declared.map((d) => ({ personId: d.id, regionCode: d.region_code, groups: ['shidu'], reason: '演示：独生子女死亡证明' })),
    ].map((r) => ({ ...r, budget: resolveBudget(r.regionCode, r.groups, params)! }));
    if (!rows.length) return 2;
    const enrolledOn = firstDayOfMonth(addMonths(yearMonthOf(today), -2));
    const bens = await tx.rows<{ id: string }>(sql`
      INSERT INTO elderly_homecare_beneficiary (person_id, region_code, groups, declared_reason, monthly_budget_fen, budget_param_ids, enrolled_on, created_by_name)
      SELECT x.person_id::uuid, x.region_code, string_to_array(x.groups, ','), x.reason, x.budget::bigint, string_to_array(x.param_ids, ',')::uuid[], ${enrolledOn}::date, '演示数据'
      FROM unnest(${textArray(rows.map((r) => r.personId))}, ${textArray(rows.map((r) => r.regionCode))}, ${textArray(rows.map((r) => r.groups.join(',')))},
                  ${sql.param(rows.map((r) => r.reason))}::text[], ${textArray(rows.map((r) => String(r.budget.monthlyBudgetFen)))},
                  ${textArray(rows.map((r) => r.budget.paramIds.join(',')))}) AS x(person_id, region_code, groups, reason, budget, param_ids)
      RETURNING id`);

    // Last month: three served-and-visited orders of provider 1, settled. Written directly (the order
    // API registers only from this month on), with their budget rows and timeline.
    const lastMonth = addMonths(yearMonthOf(today), -1);
    const lastDay = firstDayOfMonth(lastMonth);
    const last = bens.slice(0, 3).map((b, i) => ({ id: b.id, day: `${lastMonth}-${String(10 + i * 5).padStart(2, '0')}` }));
    await tx.run(sql`
      INSERT INTO elderly_homecare_order (beneficiary_id, person_id, region_code, catalogue_item_id, item_code, item_name, category, unit, price_fen, quantity,
        planned_on, service_month, state, provider_id, worker_name, dispatched_at, started_at, ended_at, minutes, amount_fen, budget_fen, self_pay_fen,
        rating, visit_comment, visited_at, created_by_name, created_at)
      SELECT b.id, b.person_id, b.region_code, c.id, c.code, c.name, c.category, c.unit, c.price_fen, 4, x.day::date, ${lastDay}::date, 'visited',
        ${p1.id}::uuid, '李秀兰', (x.day::date + time '08:00') AT TIME ZONE 'Asia/Shanghai', (x.day::date + time '11:00') AT TIME ZONE 'Asia/Shanghai',
        (x.day::date + time '11:40') AT TIME ZONE 'Asia/Shanghai', 40, c.price_fen * 4, c.price_fen * 4, 0, 5, '送餐准时', (x.day::date + time '16:00') AT TIME ZONE 'Asia/Shanghai',
        '演示数据', (x.day::date + time '08:00') AT TIME ZONE 'Asia/Shanghai'
      FROM unnest(${textArray(last.map((l) => l.id))}, ${textArray(last.map((l) => l.day))}) AS x(id, day)
      JOIN elderly_homecare_beneficiary b ON b.id = x.id::uuid
      JOIN elderly_homecare_catalogue_item c ON c.region_code = ${DEMO_COUNTY} AND c.code = 'ZC-01' AND c.effective_to IS NULL`);
    await tx.run(sql`
      INSERT INTO elderly_homecare_budget_month (beneficiary_id, month, region_code, budget_fen, spent_fen)
      SELECT o.beneficiary_id, o.service_month, o.region_code, b.monthly_budget_fen, o.budget_fen
      FROM elderly_homecare_order o JOIN elderly_homecare_beneficiary b ON b.id = o.beneficiary_id WHERE o.service_month = ${lastDay}::date`);
    await tx.run(sql`
      INSERT INTO elderly_homecare_order_event (order_id, region_code, action, from_state, to_state, note, by_name, at)
      SELECT o.id, o.region_code, s.action, s.from_state, s.to_state, s.note, '演示数据', s.at
      FROM elderly_homecare_order o
      CROSS JOIN LATERAL (VALUES ('register', NULL, 'registered', '送餐4次', o.created_at), ('dispatch', 'registered', 'dispatched', '派给 二道区颐康居家养老服务中心，服务人员 李秀兰', o.dispatched_at),
        ('start', 'dispatched', 'in_service', NULL, o.started_at), ('finish', 'in_service', 'served', NULL, o.ended_at), ('visit', 'served', 'visited', '回访评价 5 分', o.visited_at))
        AS s(action, from_state, to_state, note, at)
      WHERE o.service_month = ${lastDay}::date`);
    await generateSettlement(tx, SYSTEM, lastMonth);

    // This month: orders in every state through the services (each step is evented and audited).
    const monthStart = Date.parse(`${yearMonthOf(today)}-01T00:00:00+08:00`);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // In the first hours of a month a service cannot yet have started and ended in it: stop at 派单.
    const early = Date.now() - monthStart < 3 * 3600_000;
    const steps = ['registered', 'dispatched', 'in_service', 'served', 'visited', 'settled', 'cancelled', 'visited', 'served', 'registered'] as const;
    let orders = 0;
    async function order(tx: Tx, benId: string, itemCode: string, quantity: number | undefined, target: (typeof steps)[number], provider: string) {
      let o = await registerOrder(tx, SYSTEM, { beneficiaryId: benId, itemCode, quantity, plannedOn: today, demand: '老人电话预约' });
      orders += 1;
      if (target === 'registered') return;
      if (target === 'cancelled') {
        await actOnOrder(tx, SYSTEM, o.id, 'cancel', { version: o.version, reason: '老人临时住院' });
        return;
      }
      o = { ...o, ...(await actOnOrder(tx, SYSTEM, o.id, 'dispatch', { version: o.version, providerId: provider, workerName: '张淑芬' })) };
      if (target === 'dispatched' || early) return;
      o = { ...o, ...(await actOnOrder(tx, SYSTEM, o.id, 'start', { version: o.version, startedAt: at(150) })) };
      if (target === 'in_service') return;
      o = { ...o, ...(await actOnOrder(tx, SYSTEM, o.id, 'finish', { version: o.version, endedAt: at(60), quantity })) };
      if (target === 'served') return;
      await actOnOrder(tx, SYSTEM, o.id, 'visit', { version: o.version, rating: 5, comment: '服务周到' });
    }
    const cur = bens.slice(3);
    // The one to be settled first, then settle this month so far, then the rest.
    if (cur[5]) await order(tx, cur[5].id, 'ZJ-01', undefined, 'visited', p2.id);
    if (cur[5]) await generateSettlement(tx, SYSTEM, yearMonthOf(today));
    for (const [i, target] of steps.entries()) {
      if (i === 5 || !cur[i]) continue;
      await order(tx, cur[i]!.id, i % 2 ? 'ZJ-01' : 'ZC-01', i % 2 ? undefined : 2, target, i % 3 ? p1.id : p2.id);
    }

    // Time bank: two volunteers (younger elders of the county) serving enrolled elders.
    const volunteers = await tx.rows<{ id: string }>(sql`
      SELECT p.id FROM registry_person p
      WHERE p.region_code >= ${county.from} AND p.region_code < ${county.to} AND p.status = 'alive'
        AND p.birth_date BETWEEN (${today}::date - interval '68 years')::date AND (${today}::date - interval '50 years')::date
        AND NOT EXISTS (SELECT 1 FROM elderly_homecare_beneficiary b WHERE b.person_id = p.id)
      ORDER BY p.id_hash LIMIT 2`);
    const served = await tx.rows<{ person_id: string }>(sql`SELECT person_id FROM elderly_homecare_beneficiary WHERE id = ANY(${textArray(bens.slice(0, 3).map((b) => b.id))}::uuid[])`);
    let entries = 0;
    for (const [i, v] of volunteers.entries()) {
      for (const [k, s] of served.entries()) {
        await credit(tx, SYSTEM, { personId: v.id, counterpartPersonId: s.person_id, serviceDate: today, hours: 1 + ((i + k) % 3) * 0.5, description: ['陪同聊天', '代购生活用品', '陪同散步'][k % 3]! });
        entries += 1;
      }
    }
    if (volunteers[0]) {
      await redeem(tx, SYSTEM, { personId: volunteers[0].id, serviceDate: today, hours: 1, description: '兑换家电维修服务' });
      entries += 1;
    }
    return 2 + CATALOGUE.length + BUDGETS.length + bens.length + last.length + orders + entries;
  });
}
