import { addCalendarDays, type IsoDate } from '@mz/kernel';
import { findSource } from './sources.catalog.ts';

/**
 * 家庭经济状况核对 (household verification report), pure: given what the departments' current
 * snapshots say about each member of a case, the local limits and which sources could be read,
 * sum the household's income and assets, compare them with the limits and conclude
 * 符合 / 不符合 / 需人工核实.
 *
 * Income follows the monitoring rule `income_over`: per person the highest of the latest month of
 * 人社 income, the latest 公积金 base and the latest 税务 period's monthly share — they describe the
 * same wage, so they are never added. Eligibility compares totals (household income < standard ×
 * members), as the 低保 calculator does, so no rounding of a per-capita figure decides anything.
 */

export type Conclusion = 'eligible' | 'ineligible' | 'manual';
export const CONCLUSION_NAMES: Record<Conclusion, string> = { eligible: '符合', ineligible: '不符合', manual: '需人工核实' };

export type RequestStatus = 'reported' | 'failed';
export const REQUEST_STATUS_NAMES: Record<RequestStatus, string> = { reported: '已出具报告', failed: '核对失败' };

/** Working days a verification request may take (家庭经济状况核对, 3 个工作日). */
export const REQUEST_WORKING_DAYS = 3;

export interface ReportMember { personId: string; name: string; idMasked: string }

/** One record of a member in a current snapshot. */
export interface ReportHit {
  personId: string;
  source: string;
  snapshotId: string;
  version: number;
  asOf: IsoDate;
  eventDate: IsoDate | null;
  endDate: IsoDate | null;
  amountFen: number | null;
  quantity: number | null;
  category: string | null;
  ref: string | null;
}

/** A file source as the report saw it: read (fresh current snapshot), stale (ignored) or never delivered. */
export interface ReportSource { code: string; name: string; status: 'used' | 'stale' | 'missing'; asOf: IsoDate | null; version: number | null; hits: number }

/** The local limits; null where the region has not set the parameter. */
export interface ReportLimits {
  standardFen: number | null;
  standardName: string;
  financialPerCapitaFen: number | null;
  vehicleCount: number | null;
  vehicleValueFen: number | null;
  houseCount: number | null;
  businessCount: number | null;
}

export interface ReportExemptions { vehicleCategories: readonly string[]; businessCategories: readonly string[] }

export type CheckResult = 'pass' | 'fail' | 'unknown';
export interface ReportCheck { key: string; name: string; value: string; limit: string; result: CheckResult; note: string | null }

export interface MemberSummary extends ReportMember {
  incomeFen: number; hrssFen: number | null; housingFundFen: number | null; taxFen: number | null;
  depositsFen: number; deceasedOn: IsoDate | null; inCustodySince: IsoDate | null;
}

/** A type alias, not an interface: the HTTP schema serialises it as a plain record. */
export type HouseholdReport = {
  today: IsoDate;
  members: MemberSummary[];
  hits: (ReportHit & { name: string; sourceName: string })[];
  sources: ReportSource[];
  totals: {
    members: number; incomeFen: number; perCapitaIncomeFen: number; depositsFen: number; vehicles: number; vehicleValueFen: number;
    dwellings: number; nonResidential: number; businesses: number; medicalFen12m: number;
  };
  limits: ReportLimits;
  checks: ReportCheck[];
  conclusion: Conclusion;
  conclusionName: string;
  reasons: string[];
};

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;
const INCOME_SOURCES = ['hrss', 'housing_fund', 'tax'];

/** Hits delivered twice (a province's and a county's snapshot of the same fact) count once. */
function dedupe(hits: readonly ReportHit[]): ReportHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = [h.personId, h.source, h.eventDate, h.endDate, h.amountFen, h.quantity, h.category, h.ref].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function monthsOf(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return Math.max(1, (ty - fy) * 12 + (tm - fm) + 1);
}

const latest = <T>(xs: T[], key: (x: T) => string | null): T[] => {
  const max = xs.reduce<string | null>((m, x) => (key(x) && (!m || key(x)! > m) ? key(x) : m), null);
  return max === null ? [] : xs.filter((x) => key(x) === max);
};

export function assessHousehold(input: {
  today: IsoDate; members: readonly ReportMember[]; hits: readonly ReportHit[]; sources: readonly ReportSource[];
  limits: ReportLimits; exempt: ReportExemptions;
}): HouseholdReport {
  const { today, limits, exempt } = input;
  const memberIds = new Set(input.members.map((m) => m.personId));
  const hits = dedupe(input.hits).filter((h) => memberIds.has(h.personId) && (h.eventDate === null || h.eventDate <= today));
  const yearAgo = addCalendarDays(today, -365);
  const used = (code: string) => input.sources.some((s) => s.code === code && s.status === 'used');
  const of = (personId: string, source: string) => hits.filter((h) => h.personId === personId && h.source === source);

  const members: MemberSummary[] = input.members.map((m) => {
    const recent = (source: string) => of(m.personId, source).filter((h) => h.eventDate !== null && h.eventDate > yearAgo);
    // 人社: every income type of the most recent month.
    const hrssRows = latest(recent('hrss'), (h) => h.eventDate!.slice(0, 7));
    const hrssFen = hrssRows.length ? hrssRows.reduce((n, h) => n + (h.amountFen ?? 0), 0) : null;
    const fundRows = latest(recent('housing_fund'), (h) => h.eventDate);
    const housingFundFen = fundRows.length ? Math.max(...fundRows.map((h) => h.amountFen ?? 0)) : null;
    const taxRows = latest(recent('tax'), (h) => h.endDate);
    const taxFen = taxRows.length ? Math.max(...taxRows.map((h) => Math.floor((h.amountFen ?? 0) / monthsOf(h.eventDate!, h.endDate ?? h.eventDate!)))) : null;
    // 银行: the latest enquiry date, every bank that answered it.
    const deposits = latest(of(m.personId, 'bank'), (h) => h.eventDate).reduce((n, h) => n + (h.amountFen ?? 0), 0);
    const deaths = [...of(m.personId, 'police_death'), ...of(m.personId, 'cremation')].map((h) => h.eventDate!).sort();
    const custody = of(m.personId, 'police_custody').filter((h) => h.endDate === null || h.endDate >= today).map((h) => h.eventDate!).sort();
    return {
      ...m, incomeFen: Math.max(hrssFen ?? 0, housingFundFen ?? 0, taxFen ?? 0), hrssFen, housingFundFen, taxFen,
      depositsFen: deposits, deceasedOn: deaths[0] ?? null, inCustodySince: custody[0] ?? null,
    };
  });

  const n = Math.max(1, members.length);
  const incomeFen = members.reduce((s, m) => s + m.incomeFen, 0);
  const depositsFen = members.reduce((s, m) => s + m.depositsFen, 0);
  const vehicles = hits.filter((h) => h.source === 'vehicle' && !exempt.vehicleCategories.includes(h.category ?? ''));
  const vehicleValueFen = vehicles.reduce((s, h) => s + (h.amountFen ?? 0), 0);
  const dwellings = hits.filter((h) => h.source === 'real_estate' && h.category === '住宅').length;
  const nonResidential = hits.filter((h) => h.source === 'real_estate' && h.category !== '住宅').length;
  const businesses = hits.filter((h) => h.source === 'market' && (h.endDate === null || h.endDate > today)
    && !exempt.businessCategories.includes(h.category ?? '')).length;
  const medicalFen12m = hits.filter((h) => h.source === 'medical' && h.eventDate! > yearAgo).reduce((s, h) => s + (h.amountFen ?? 0), 0);

  const checks: ReportCheck[] = [];
  const check = (key: string, name: string, value: string, limit: string, fresh: boolean, limitSet: boolean, over: boolean, missing: string) => {
    const result: CheckResult = !limitSet ? 'unknown' : over ? 'fail' : fresh ? 'pass' : 'unknown';
    const note = !limitSet ? '当地未设置该项标准' : !over && !fresh ? missing : null;
    checks.push({ key, name, value, limit, result, note });
  };
  const incomeFresh = INCOME_SOURCES.some(used);
  check('income', '家庭月人均收入', `${yuan(incomeFen)} ÷ ${n} 人 = ${yuan(Math.round(incomeFen / n))}`,
    limits.standardFen === null ? '未设置' : `低于${limits.standardName} ${yuan(limits.standardFen)}`,
    incomeFresh, limits.standardFen !== null, limits.standardFen !== null && incomeFen >= limits.standardFen * n,
    '未取得有效的人社、公积金或税务数据');
  check('deposits', '家庭存款', `${yuan(depositsFen)}（人均 ${yuan(Math.round(depositsFen / n))}）`,
    limits.financialPerCapitaFen === null ? '未设置' : `人均不超过 ${yuan(limits.financialPerCapitaFen)}`,
    used('bank'), limits.financialPerCapitaFen !== null, limits.financialPerCapitaFen !== null && depositsFen > limits.financialPerCapitaFen * n,
    '未取得有效的银行存款数据');
  check('vehicles', '机动车辆', `${vehicles.length} 辆`, limits.vehicleCount === null ? '未设置' : `不超过 ${limits.vehicleCount} 辆`,
    used('vehicle'), limits.vehicleCount !== null, limits.vehicleCount !== null && vehicles.length > limits.vehicleCount, '未取得有效的机动车登记数据');
  if (limits.vehicleValueFen !== null) {
    check('vehicle_value', '机动车辆价值', yuan(vehicleValueFen), `不超过 ${yuan(limits.vehicleValueFen)}`,
      used('vehicle'), true, vehicleValueFen > limits.vehicleValueFen, '未取得有效的机动车登记数据');
  }
  check('dwellings', '住房', `${dwellings} 套`, limits.houseCount === null ? '未设置' : `不超过 ${limits.houseCount} 套`,
    used('real_estate'), limits.houseCount !== null, limits.houseCount !== null && dwellings > limits.houseCount, '未取得有效的不动产登记数据');
  check('businesses', '市场主体', `${businesses} 个`, limits.businessCount === null ? '未设置' : `不超过 ${limits.businessCount} 个`,
    used('market'), limits.businessCount !== null, limits.businessCount !== null && businesses > limits.businessCount, '未取得有效的市场主体登记数据');

  const reasons: string[] = [];
  for (const c of checks.filter((c) => c.result === 'fail')) reasons.push(`${c.name}：${c.value}，超过标准（${c.limit}）`);
  const manual: string[] = [];
  for (const c of checks.filter((c) => c.result === 'unknown')) manual.push(`${c.name}无法判断：${c.note}`);
  if (nonResidential > 0) manual.push(`家庭名下有非住宅类不动产 ${nonResidential} 处，请核实用途与收益`);
  for (const m of members) {
    if (m.deceasedOn) manual.push(`${m.name} 有死亡或火化记录（${m.deceasedOn}），请核实家庭成员`);
    if (m.inCustodySince) manual.push(`${m.name} 自 ${m.inCustodySince} 起被羁押或服刑，请核实是否计入家庭成员`);
  }
  const conclusion: Conclusion = reasons.length > 0 ? 'ineligible' : manual.length > 0 ? 'manual' : 'eligible';
  if (conclusion === 'eligible') reasons.push('各项收入和财产均未超过当地标准');
  reasons.push(...manual);

  const names = new Map(input.members.map((m) => [m.personId, m.name]));
  return {
    today, members,
    hits: hits.map((h) => ({ ...h, name: names.get(h.personId) ?? '', sourceName: findSource(h.source)?.name ?? h.source }))
      .sort((a, b) => a.source.localeCompare(b.source) || a.name.localeCompare(b.name) || (a.eventDate ?? '').localeCompare(b.eventDate ?? '')),
    sources: [...input.sources],
    totals: { members: members.length, incomeFen, perCapitaIncomeFen: Math.round(incomeFen / n), depositsFen, vehicles: vehicles.length, vehicleValueFen, dwellings, nonResidential, businesses, medicalFen12m },
    limits, checks, conclusion, conclusionName: CONCLUSION_NAMES[conclusion], reasons,
  };
}
