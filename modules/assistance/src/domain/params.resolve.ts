/**
 * Which policy-parameter value applies to a case: for each key, the row of the nearest region
 * (the case's own region first, then its county, city, province) that is in force on the date —
 * among that region's rows the latest `effectiveFrom` on or before the date. A nearer region wins
 * even with an older row: a 设区的市 that set its own standard keeps it when the province later
 * raises the provincial one (救助法第十九条: the city's standard may not be lower, and the city
 * itself answers for that).
 *
 * Keys no region has set fall back to the catalog default; keys without a default stay unset and
 * the calculators refuse with an error that names the key and the region.
 */
import { ancestorCodes, DomainError, normalizeRegionCode, parseIsoDate, type IsoDate } from '@mz/kernel';
import { PARAM_CATALOG, paramDef, parseParamValue, type ParamUnit, type ParamValue } from './params.catalog.ts';
import type { DecidingLevel, Programme } from './labels.ts';

export interface ParamRow {
  id: string;
  /** 12-digit region code the row was set for. */
  regionCode: string;
  key: string;
  value: unknown;
  effectiveFrom: IsoDate;
  /** Breaks ties between two rows of one region with the same date (later wins); without it, array order. */
  createdAt?: string;
  note?: string | null;
}

export type ParamSource = 'row' | 'default' | 'unset';

export interface ResolvedParam {
  key: string;
  name: string;
  unit: ParamUnit;
  programme: Programme;
  value: ParamValue;
  /** Row id, cited by breakdowns; null for a catalog default or an unset key. */
  id: string | null;
  regionCode: string | null;
  effectiveFrom: IsoDate | null;
  /** True when the row belongs to an ancestor of the region asked about. */
  inherited: boolean;
  source: ParamSource;
}

export interface ResolvedParams {
  regionCode: string;
  onDate: IsoDate;
  /** Every catalog key, set or not. */
  values: Readonly<Record<string, ResolvedParam>>;
}

/** A resolved parameter whose value is known to be set and of the unit's type. */
export type Cited<T> = Omit<ResolvedParam, 'value'> & { value: T };

type UnitValue<U extends ParamUnit> = U extends 'ratio' ? string : U extends 'level' ? DecidingLevel : number;

export interface ResolveOptions {
  /** Throw if a required key of these programmes is unset (e.g. before creating a case). */
  require?: Programme | readonly Programme[];
}

export function resolveParams(rows: readonly ParamRow[], regionCode: string, onDate: IsoDate, options: ResolveOptions = {}): ResolvedParams {
  const own = normalizeRegionCode(regionCode);
  parseIsoDate(onDate, '参数生效日期');
  // Nearest first: own region, then county, city, province.
  const chain = [own, ...ancestorCodes(own).reverse()];
  const rank = new Map(chain.map((code, index) => [code, index]));

  const best = new Map<string, { row: ParamRow; rank: number; position: number }>();
  rows.forEach((row, position) => {
    if (!(row.key in PARAM_CATALOG)) return; // a key retired from the catalog no longer applies
    const regionRank = rank.get(row.regionCode);
    if (regionRank === undefined || row.effectiveFrom > onDate) return;
    const current = best.get(row.key);
    if (!current || isBetter(row, regionRank, position, current)) best.set(row.key, { row, rank: regionRank, position });
  });

  const values: Record<string, ResolvedParam> = {};
  for (const [key, def] of Object.entries(PARAM_CATALOG)) {
    const base = { key, name: def.name, unit: def.unit, programme: def.programme };
    const found = best.get(key);
    if (found) {
      const { row } = found;
      let value: ParamValue;
      try {
        value = parseParamValue(key, row.value);
      } catch (error) {
        // A stored row that fails validation is a data fault; say which row instead of computing with it.
        throw new DomainError({
          code: 'PARAM_INVALID', status: 422, title: `政策参数「${def.name}」的已存值不正确`,
          detail: `参数行 ${row.id}（区划 ${row.regionCode}，${row.effectiveFrom} 起）：${(error as Error).message}`,
        });
      }
      values[key] = { ...base, value, id: row.id, regionCode: row.regionCode, effectiveFrom: row.effectiveFrom, inherited: row.regionCode !== own, source: 'row' };
    } else if (def.default !== undefined && def.default !== null) {
      values[key] = { ...base, value: def.default, id: null, regionCode: null, effectiveFrom: null, inherited: true, source: 'default' };
    } else {
      values[key] = { ...base, value: null, id: null, regionCode: null, effectiveFrom: null, inherited: false, source: 'unset' };
    }
  }
  const resolved: ResolvedParams = { regionCode: own, onDate, values };

  if (options.require) {
    const programmes = typeof options.require === 'string' ? [options.require] : options.require;
    const missing = programmes.flatMap((programme) => missingParams(resolved, programme));
    if (missing.length > 0) throw paramMissing(resolved, missing);
  }
  return resolved;
}

function isBetter(row: ParamRow, regionRank: number, position: number, current: { row: ParamRow; rank: number; position: number }): boolean {
  if (regionRank !== current.rank) return regionRank < current.rank;
  if (row.effectiveFrom !== current.row.effectiveFrom) return row.effectiveFrom > current.row.effectiveFrom;
  if (row.createdAt && current.row.createdAt && row.createdAt !== current.row.createdAt) return row.createdAt > current.row.createdAt;
  return position > current.position;
}

/** Required keys of a programme that no region above has set. */
export function missingParams(params: ResolvedParams, programme?: Programme): string[] {
  return Object.entries(PARAM_CATALOG)
    .filter(([key, def]) => def.default === undefined && (!programme || def.programme === programme) && params.values[key]?.value == null)
    .map(([key]) => key);
}

function paramMissing(params: ResolvedParams, keys: readonly string[]): DomainError {
  const names = keys.map((key) => `「${paramDef(key).name}」（${key}）`).join('、');
  return new DomainError({
    code: 'PARAM_MISSING',
    status: 422,
    title: `缺少政策参数${names}`,
    detail: `区划 ${params.regionCode} 及其上级区划在 ${params.onDate} 均未设置${names}，请先在“政策参数”中设置`,
    errors: keys.map((key) => ({ path: key, message: `区划 ${params.regionCode} 及其上级区划未设置「${paramDef(key).name}」` })),
  });
}

function lookup(params: ResolvedParams, key: string, unit: ParamUnit): ResolvedParam {
  const def = paramDef(key);
  // Asking for a key with the wrong unit is a programming error, not a user error.
  if (def.unit !== unit) throw new TypeError(`policy parameter ${key} is '${def.unit}', not '${unit}'`);
  const found = params.values[key];
  if (!found) throw new TypeError(`policy parameter ${key} was not resolved`);
  return found;
}

/** The value, or null when the key is optional and unset (or switched off with a null row). */
export function optionalParam<U extends ParamUnit>(params: ResolvedParams, key: string, unit: U): Cited<UnitValue<U>> | null {
  const found = lookup(params, key, unit);
  return found.value === null ? null : (found as Cited<UnitValue<U>>);
}

/** The value; a clear 422 naming the key and the region when nobody has set it. */
export function requireParam<U extends ParamUnit>(params: ResolvedParams, key: string, unit: U): Cited<UnitValue<U>> {
  const found = optionalParam(params, key, unit);
  if (!found) throw paramMissing(params, [key]);
  return found;
}

/**
 * Of two alternative settings (a ratio or a fixed amount for the same thing), the one set nearer to
 * the case, or on the same region the later one. So a county that sets a fixed amount overrides the
 * province's ratio, and a later provincial ratio replaces its own earlier fixed amount.
 */
export function moreSpecific<A, B>(a: Cited<A> | null, b: Cited<B> | null, params: ResolvedParams): Cited<A> | Cited<B> | null {
  if (!a) return b;
  if (!b) return a;
  const depth = (p: Cited<unknown>) => (p.regionCode ? [params.regionCode, ...ancestorCodes(params.regionCode).reverse()].indexOf(p.regionCode) : Number.MAX_SAFE_INTEGER);
  const da = depth(a);
  const db = depth(b);
  if (da !== db) return da < db ? a : b;
  return (b.effectiveFrom ?? '') > (a.effectiveFrom ?? '') ? b : a;
}
