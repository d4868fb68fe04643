/**
 * Which institutions an actor may see and act on — the one scope function every part of 养老服务
 * calls before reading or writing anything that belongs to an institution.
 *
 * - An official sees the institutions inside their jurisdiction (region subtree).
 * - A 养老机构经办 (role `institution_operator`, or any account bound in
 *   `elderly_institution_operator`) sees only the institutions they are bound to, and nothing if
 *   bound to none. Another institution looks missing (404), never "exists but not yours".
 *
 * The database backs this up: restrictive row-level-security policies on the institution, bed,
 * resident, staff and document tables apply the same binding (migration 0040).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor } from '@mz/http';
import { notFound, subtreeRange } from '@mz/kernel';

export const INSTITUTION_OPERATOR_ROLE = 'institution_operator';

export interface InstitutionScope {
  /** The actor's jurisdiction as a range of region codes. */
  regionFrom: string;
  regionTo: string;
  /** null: every institution in the range; otherwise only these (an operator's binding, maybe empty). */
  institutionIds: readonly string[] | null;
}

export async function institutionScopeFor(tx: Tx, actor: Actor): Promise<InstitutionScope> {
  const { from, to } = subtreeRange(actor.regionCode);
  const bound = actor.kind === 'user'
    ? (await tx.rows<{ institution_id: string }>(sql`SELECT institution_id FROM elderly_institution_operator WHERE user_id = ${actor.id}::uuid`)).map((r) => r.institution_id)
    : [];
  const operator = bound.length > 0 || actor.roles.includes(INSTITUTION_OPERATOR_ROLE);
  return { regionFrom: from, regionTo: to, institutionIds: operator ? bound : null };
}

/**
 * The scope as a WHERE condition on any table with an institution id and a region code, e.g.
 * `scopeCondition(scope, sql\`b.institution_id\`, sql\`b.region_code\`)`.
 */
export function scopeCondition(scope: InstitutionScope, institutionColumn: SQL, regionColumn: SQL): SQL {
  const region = sql`${regionColumn} >= ${scope.regionFrom} AND ${regionColumn} < ${scope.regionTo}`;
  if (scope.institutionIds === null) return region;
  if (scope.institutionIds.length === 0) return sql`false`;
  return sql`${region} AND ${institutionColumn} IN ${[...scope.institutionIds]}`;
}

export const INSTITUTION_NOT_FOUND = () => notFound('机构不存在', '您的管辖范围内没有该机构');

/** The institution's row if the actor may see it; 404 otherwise. `lock` takes a row lock for a write. */
export async function institutionInScope(tx: Tx, scope: InstitutionScope, id: string, lock = false): Promise<InstitutionRow> {
  const [row] = await tx.rows<InstitutionRow>(sql`
    SELECT i.id, i.name, i.kind, i.operator_type, i.region_code, i.status, i.version::int AS version
    FROM elderly_institution i WHERE i.id = ${id}::uuid AND ${scopeCondition(scope, sql`i.id`, sql`i.region_code`)}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!row) throw INSTITUTION_NOT_FOUND();
  return row;
}

export interface InstitutionRow {
  id: string;
  name: string;
  kind: string;
  operator_type: string;
  region_code: string;
  status: string;
  version: number;
}
