/** Reading the ledger's entitlements: lists, and one entitlement with every version of its series. */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { subtreeRange } from '@mz/kernel';
import { monthOf, type EntitlementView } from '../domain/index.ts';
import { entitlementNotFound } from './entitlement.service.ts';

const SELECT = sql.raw(`e.id, e.programme, e.kind, e.person_id, e.household_id, coalesce(p.name, f.name) AS payee_name,
  coalesce(p.id_masked, f.id_masked) AS payee_id_masked, e.person_count,
  e.region_code, g.name AS region_name, e.from_month::text AS from_month, e.to_month::text AS to_month, e.monthly_amount_fen, e.breakdown,
  e.rule_version, e.origin_kind, e.source_module, e.source_id, e.reason, e.series_version, e.superseded_at, e.created_at, e.created_by_name,
  e.paid_outside_on::text AS paid_outside_on`);
// A payee registered in another jurisdiction (临时救助 for a traveller) is named through the
// ledger's own function, which answers for an entitlement in the caller's scope only (0018).
const FROM = sql.raw(`payments_entitlement e LEFT JOIN registry_person p ON p.id = e.payee_person_id
  LEFT JOIN LATERAL (SELECT * FROM payments_entitlement_payee(e.id) WHERE p.id IS NULL OFFSET 0) f ON true
  LEFT JOIN region g ON g.code = e.region_code`);

function toView(r: Record<string, any>): EntitlementView {
  return {
    id: r.id, programme: r.programme, kind: r.kind, personId: r.person_id, householdId: r.household_id, payeeName: r.payee_name ?? '',
    payeeIdMasked: r.payee_id_masked ?? '', personCount: r.person_count, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    fromMonth: monthOf(r.from_month), toMonth: r.to_month ? monthOf(r.to_month) : null, monthlyAmountFen: Number(r.monthly_amount_fen),
    breakdown: r.breakdown, ruleVersion: r.rule_version,
    origin: { kind: r.origin_kind, sourceModule: r.source_module, sourceId: r.source_id, reason: r.reason },
    seriesVersion: r.series_version, current: r.superseded_at === null, supersededAt: r.superseded_at ? new Date(r.superseded_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(), createdByName: r.created_by_name, paidOutsideOn: r.paid_outside_on,
  };
}

export interface EntitlementFilter {
  programme?: string; personId?: string; householdId?: string; sourceModule?: string; sourceId?: string; current?: boolean; regionCode?: string;
  page: number; pageSize: number;
}

export async function listEntitlements(tx: Tx, scopeRegion: string, f: EntitlementFilter): Promise<{ items: EntitlementView[]; total: number }> {
  const range = subtreeRange(f.regionCode ?? scopeRegion);
  const scope = subtreeRange(scopeRegion);
  const where = sql.join([
    sql`e.region_code >= ${scope.from} AND e.region_code < ${scope.to}`,
    sql`e.region_code >= ${range.from} AND e.region_code < ${range.to}`,
    f.programme ? sql`e.programme = ${f.programme}` : undefined,
    f.personId ? sql`(e.person_id = ${f.personId}::uuid OR e.payee_person_id = ${f.personId}::uuid)` : undefined,
    f.householdId ? sql`e.household_id = ${f.householdId}::uuid` : undefined,
    f.sourceModule ? sql`e.source_module = ${f.sourceModule}` : undefined,
    f.sourceId ? sql`e.source_id = ${f.sourceId}` : undefined,
    f.current === false ? undefined : sql`e.superseded_at IS NULL`,
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT ${SELECT}, count(*) OVER () AS total FROM ${FROM} WHERE ${where}
    ORDER BY e.created_at DESC, e.from_month DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toView), total: rows.length ? Number(rows[0]!.total) : 0 };
}

export async function getEntitlement(tx: Tx, scopeRegion: string, id: string): Promise<EntitlementView & { versions: EntitlementView[] }> {
  const scope = subtreeRange(scopeRegion);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw entitlementNotFound();
  const [row] = await tx.rows<Record<string, any>>(sql`
    SELECT ${SELECT} FROM ${FROM} WHERE e.id = ${id}::uuid AND e.region_code >= ${scope.from} AND e.region_code < ${scope.to}`);
  if (!row) throw entitlementNotFound();
  const versions = await tx.rows<Record<string, any>>(sql`
    SELECT ${SELECT} FROM ${FROM} WHERE e.source_module = ${row.source_module} AND e.source_id = ${row.source_id}
    ORDER BY e.series_version, e.from_month`);
  return { ...toView(row), versions: versions.map(toView) };
}
