/**
 * Who sees which institution's quality records, through the institution part's scope function
 * (institution.scope.ts): officials see their jurisdiction; institution operators (role
 * institution_operator or bound in elderly_institution_operator) see only their bound institutions.
 * The database enforces the same with restrictive policies on every quality table (0044, using
 * elderly_operator_institutions() of 0040).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor } from '@mz/http';
import { forbidden, notFound } from '@mz/kernel';
import { institutionScopeFor } from './institution.scope.ts';

/** The institutions an operator may see (maybe none); null for officials and API tokens. */
export async function operatorInstitutionIds(tx: Tx, actor: Actor): Promise<readonly string[] | null> {
  return (await institutionScopeFor(tx, actor)).institutionIds;
}

/** `column IN (own)` for an operator (false when bound to none); nothing for an official. */
export function ownInstitutions(own: readonly string[] | null, column: SQL): SQL {
  if (own === null) return sql``;
  return own.length ? sql`AND ${column} IN ${[...own]}` : sql`AND false`;
}

export type ScopedInstitution = {
  id: string; name: string; kind: string; status: string; regionCode: string; regionName: string | null;
  grade: number | null; gradedOn: string | null; version: number;
};

/** An institution the actor may see (jurisdiction and, for operators, the binding); 404 otherwise. */
export async function visibleInstitution(tx: Tx, actor: Actor, id: string): Promise<ScopedInstitution> {
  const own = await operatorInstitutionIds(tx, actor);
  if (own && !own.includes(id)) throw notFound('机构不存在或不在您的管辖范围内');
  const [r] = await tx.rows<{ id: string; name: string; kind: string; status: string; region_code: string; region_name: string | null; grade: number | null; graded_on: string | null; version: number }>(sql`
    SELECT i.id, i.name, i.kind, i.status, i.region_code, rg.name AS region_name, i.grade, i.graded_on::text, i.version
    FROM elderly_institution i LEFT JOIN region rg ON rg.code = i.region_code WHERE i.id = ${id}::uuid`);
  if (!r) throw notFound('机构不存在或不在您的管辖范围内');
  return { id: r.id, name: r.name, kind: r.kind, status: r.status, regionCode: r.region_code, regionName: r.region_name, grade: r.grade === null ? null : Number(r.grade), gradedOn: r.graded_on, version: r.version };
}

/** Steps only officials take (recording an inspection, verifying a rectification, rating). */
export async function requireOfficial(tx: Tx, actor: Actor, what: string): Promise<void> {
  if ((await operatorInstitutionIds(tx, actor)) !== null) throw forbidden(`机构经办人员不能${what}`);
}
