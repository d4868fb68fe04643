import { sql, type SQL } from 'drizzle-orm';
import { textArray, type Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { conflict, invalid, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import type { PersonSummary } from '../../domain/index.ts';
import { PERSON_COLUMNS, PERSON_FROM, personScope, toSummary } from '../person.repository.ts';

export type DuplicateReason = 'name_birth' | 'id_typo';
export type DuplicateStatus = 'open' | 'merged' | 'dismissed';

export interface DuplicatePair {
  id: string;
  reason: DuplicateReason;
  status: DuplicateStatus;
  regionCode: string;
  detectedAt: string;
  a: PersonSummary;
  b: PersonSummary;
}

export interface DetectResult {
  /** New pairs found by this run (pairs found before, open or resolved, are not counted again). */
  idTypo: number;
  nameBirth: number;
}

/** Alias `a`, `b`: the smallest region holding both — village, township, else county. */
const PAIR_REGION = sql`CASE
  WHEN a.region_code = b.region_code THEN a.region_code
  WHEN left(a.region_code, 9) = left(b.region_code, 9) THEN rpad(left(a.region_code, 9), 12, '0')
  ELSE rpad(left(a.region_code, 6), 12, '0') END`;

/** Both persons in the range, neither merged away, one county, one name, each pair once. */
function pairJoin(regionCode: string): SQL {
  const { from, to } = subtreeRange(regionCode);
  return sql`registry_person a JOIN registry_person b
      ON left(b.region_code, 6) = left(a.region_code, 6) AND b.name = a.name AND a.id < b.id
    WHERE a.region_code >= ${from} AND a.region_code < ${to} AND b.region_code >= ${from} AND b.region_code < ${to}
      AND a.merged_into IS NULL AND b.merged_into IS NULL`;
}

/**
 * Finds possible duplicates among the persons under `regionCode` (run it for a township or a
 * county; pairs across two counties are not looked for) and records new pairs as open.
 *
 * - `name_birth`: same name and birth date in one county. One INSERT … SELECT.
 * - `id_typo`: same name, ID numbers one typo apart (one digit wrong, or two neighbours swapped).
 *   ID numbers are stored encrypted, so SQL cannot compare them directly. It does not need to for
 *   the most part: the record's birth date *is* digits 7–14 (the write path enforces it), and the
 *   masked form shows digits 1–4 and 15–18. Only digits 5–6 are hidden. A typo in a valid number
 *   always changes the check character (MOD 11-2 catches every single substitution and adjacent
 *   swap, so two valid numbers one typo apart differ in digit 18), and changes at most two of the
 *   15 visible body digits. SQL therefore narrows same-name pairs of one county to those whose
 *   visible digits are that close — a handful — and only those candidates are decrypted, in JS, to
 *   confirm the typo on the full numbers; confirmed pairs go back in one INSERT … SELECT unnest.
 *   (The alternative, a keyed hash per "number with digit i blanked", would make the join pure SQL
 *   but add 17 hashes per person to every write path: import, edit, generator.)
 *
 * A pair that qualifies for both is recorded as `id_typo` (the stronger evidence). With `who`,
 * a run that found new pairs is audited as `person.duplicate_detect`.
 */
export async function detectDuplicates(tx: Tx, regionCode: string, cipher: FieldCipher, who?: AuditActor): Promise<DetectResult> {
  const { from, to } = subtreeRange(regionCode);
  // Visible digits once per person: 1–4 and 15–17 from the masked form, 7–14 from the birth date.
  // The 15 comparisons are written out: a per-pair generate_series subquery costs ten times more.
  const differing = sql.join(Array.from({ length: 15 }, (_, i) => sql`(substr(a.v, ${i + 1}, 1) <> substr(b.v, ${i + 1}, 1))::int`), sql` + `);
  const candidates = await tx.rows<{ a: string; b: string; a_cipher: string; b_cipher: string; region_code: string }>(sql`
    WITH p AS MATERIALIZED (
      SELECT id, name, region_code, left(region_code, 6) AS county, right(id_masked, 1) AS check_char,
             left(id_masked, 4) || to_char(birth_date, 'YYYYMMDD') || substr(id_masked, 15, 3) AS v
      FROM registry_person WHERE region_code >= ${from} AND region_code < ${to} AND merged_into IS NULL)
    SELECT a.id AS a, b.id AS b, pa.id_cipher AS a_cipher, pb.id_cipher AS b_cipher, ${PAIR_REGION} AS region_code
    FROM p a JOIN p b ON b.county = a.county AND b.name = a.name AND a.id < b.id
      JOIN registry_person pa ON pa.id = a.id JOIN registry_person pb ON pb.id = b.id
    WHERE a.check_char <> b.check_char AND ${differing} <= 2
      AND NOT EXISTS (SELECT 1 FROM registry_duplicate d WHERE d.person_a = a.id AND d.person_b = b.id)`);
  const typo = candidates.filter((c) => oneTypoApart(cipher.decrypt('id_number', c.a_cipher), cipher.decrypt('id_number', c.b_cipher)));
  const idTypo = typo.length ? await tx.run(sql`
    INSERT INTO registry_duplicate (person_a, person_b, reason, region_code)
    SELECT a::uuid, b::uuid, 'id_typo', r
    FROM unnest(${textArray(typo.map((c) => c.a))}, ${textArray(typo.map((c) => c.b))}, ${textArray(typo.map((c) => c.region_code))}) AS t(a, b, r)
    ON CONFLICT (person_a, person_b) DO NOTHING`) : 0;
  const nameBirth = await tx.run(sql`
    INSERT INTO registry_duplicate (person_a, person_b, reason, region_code)
    SELECT a.id, b.id, 'name_birth', ${PAIR_REGION}
    FROM ${pairJoin(regionCode)} AND b.birth_date = a.birth_date
    ON CONFLICT (person_a, person_b) DO NOTHING`);
  // A person's search found new pairs: that created rows, so it is audited (system runs pass no `who`).
  if (who && idTypo + nameBirth > 0) {
    await appendAudit(tx, who, {
      action: 'person.duplicate_detect', summary: `查找疑似重复人员：新发现 ${idTypo + nameBirth} 对（身份证号笔误 ${idTypo} 对，同名同出生日期 ${nameBirth} 对）`,
      entityType: 'registry_duplicate', regionCode,
    });
  }
  return { idTypo, nameBirth };
}

/**
 * Two 18-character ID numbers that differ by one typo in the first 17 digits: one digit
 * substituted, or two neighbouring digits swapped. (The check character follows from the rest.)
 */
export function oneTypoApart(x: string, y: string): boolean {
  if (x.length !== 18 || y.length !== 18 || x === y) return false;
  const diff: number[] = [];
  for (let i = 0; i < 17; i++) if (x[i] !== y[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]!] && x[diff[1]!] === y[diff[0]!];
}

export async function listDuplicates(tx: Tx, actor: Actor, f: { status?: DuplicateStatus; page: number; pageSize: number }): Promise<{ items: DuplicatePair[]; total: number }> {
  const { from, to } = subtreeRange(actor.regionCode);
  const where = sql.join([
    sql`d.region_code >= ${from} AND d.region_code < ${to}`,
    f.status ? sql`d.status = ${f.status}` : undefined,
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM registry_duplicate d WHERE ${where}`);
  const pairs = await tx.rows<{ id: string; person_a: string; person_b: string; reason: DuplicateReason; status: DuplicateStatus; region_code: string; detected_at: string }>(sql`
    SELECT d.id, d.person_a, d.person_b, d.reason, d.status, d.region_code, d.detected_at FROM registry_duplicate d WHERE ${where}
    ORDER BY d.detected_at DESC, d.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  if (!pairs.length) return { items: [], total };
  const ids = [...new Set(pairs.flatMap((p) => [p.person_a, p.person_b]))];
  const persons = new Map((await tx.rows<any>(sql`
    SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.id = ANY(${textArray(ids)}::uuid[]) AND ${personScope(actor.regionCode)}`))
    .map((r) => [r.id as string, toSummary(r)]));
  return {
    total,
    items: pairs.filter((p) => persons.has(p.person_a) && persons.has(p.person_b)).map((p) => ({
      id: p.id, reason: p.reason, status: p.status, regionCode: p.region_code, detectedAt: new Date(p.detected_at).toISOString(),
      a: persons.get(p.person_a)!, b: persons.get(p.person_b)!,
    })),
  };
}

interface PairRow { id: string; person_a: string; person_b: string; status: DuplicateStatus; reason: DuplicateReason }

async function lockOpenPair(tx: Tx, actor: Actor, dupId: string): Promise<PairRow> {
  const [pair] = await tx.rows<PairRow>(sql`
    SELECT d.id, d.person_a, d.person_b, d.status, d.reason FROM registry_duplicate d
    WHERE d.id = ${dupId} AND ${personScope(actor.regionCode, sql`d`)} FOR UPDATE`);
  if (!pair) throw notFound('疑似重复记录不存在');
  if (pair.status !== 'open') throw conflict('这对疑似重复人员已处理', pair.status === 'merged' ? '已合并' : '已确认不是同一人');
  return pair;
}

/**
 * Merges a pair into `keepPersonId`. Nothing is deleted: the other record stays, marked
 * `merged_into`, so its history and audit trail still resolve. Its household memberships move to
 * the kept person where they do not overlap the kept person's own; the rest are ended (a current
 * one today). Households it headed get the kept person as head where the kept person now lives.
 */
export async function mergeDuplicate(tx: Tx, actor: Actor, who: AuditActor, dupId: string, keepPersonId: string): Promise<void> {
  const pair = await lockOpenPair(tx, actor, dupId);
  if (keepPersonId !== pair.person_a && keepPersonId !== pair.person_b) {
    throw invalid('保留的人员不在这对疑似重复中', [{ path: 'keepPersonId', message: '请选择这对人员中的一位保留' }]);
  }
  const removedId = keepPersonId === pair.person_a ? pair.person_b : pair.person_a;
  const persons = await tx.rows<{ id: string; name: string; id_masked: string; region_code: string; merged_into: string | null }>(sql`
    SELECT p.id, p.name, p.id_masked, p.region_code, p.merged_into FROM registry_person p
    WHERE p.id IN (${keepPersonId}, ${removedId}) AND ${personScope(actor.regionCode)} ORDER BY p.id FOR UPDATE`);
  const kept = persons.find((p) => p.id === keepPersonId);
  const removed = persons.find((p) => p.id === removedId);
  if (!kept || !removed) throw notFound('人员不存在');
  if (kept.merged_into || removed.merged_into) throw conflict('其中一人已被合并到其他记录');

  const today = todayInShanghai();
  const moved = await tx.rows<{ id: string }>(sql`
    UPDATE registry_household_member m SET person_id = ${keepPersonId}
    WHERE m.person_id = ${removedId} AND NOT EXISTS (
      SELECT 1 FROM registry_household_member k WHERE k.person_id = ${keepPersonId}
        AND k.valid_from < coalesce(m.valid_to, 'infinity') AND m.valid_from < coalesce(k.valid_to, 'infinity'))
    RETURNING m.id::text AS id`);
  const ended = await tx.rows<{ id: string }>(sql`
    UPDATE registry_household_member SET valid_to = greatest(${today}::date, valid_from + 1), ended_reason = '重复人员合并'
    WHERE person_id = ${removedId} AND valid_to IS NULL RETURNING id::text AS id`);
  await tx.run(sql`
    UPDATE registry_household h SET head_person_id = ${keepPersonId}, updated_at = now()
    WHERE h.head_person_id = ${removedId} AND EXISTS (
      SELECT 1 FROM registry_household_member m WHERE m.household_id = h.id AND m.person_id = ${keepPersonId} AND m.valid_to IS NULL)`);
  await tx.run(sql`
    UPDATE registry_person SET merged_into = ${keepPersonId}, updated_by = ${actor.kind === 'user' ? actor.id : null},
      updated_at = now(), version = version + 1
    WHERE id = ${removedId}`);
  const resolvedBy = actor.kind === 'user' ? actor.id : null;
  await tx.run(sql`UPDATE registry_duplicate SET status = 'merged', resolved_by = ${resolvedBy}, resolved_at = now() WHERE id = ${dupId}`);
  // Other open pairs of the merged-away record are moot; detecting again pairs the kept record.
  await tx.run(sql`
    UPDATE registry_duplicate SET status = 'dismissed', resolved_by = ${resolvedBy}, resolved_at = now()
    WHERE status = 'open' AND (person_a = ${removedId} OR person_b = ${removedId})`);

  await appendAudit(tx, who, {
    action: 'person.merge',
    summary: `合并重复人员：${removed.name}（${removed.id_masked}）并入 ${kept.name}（${kept.id_masked}）`,
    entityType: 'person', entityId: removedId, regionCode: removed.region_code,
    diff: diffFields(
      { mergedInto: null, movedMemberships: [], endedMemberships: [] },
      { mergedInto: keepPersonId, movedMemberships: moved.map((m) => m.id), endedMemberships: ended.map((m) => m.id) },
    ),
  });
}

/** Not the same person: the pair stays recorded as dismissed, so detection does not raise it again. */
export async function dismissDuplicate(tx: Tx, actor: Actor, who: AuditActor, dupId: string): Promise<void> {
  const pair = await lockOpenPair(tx, actor, dupId);
  await tx.run(sql`UPDATE registry_duplicate SET status = 'dismissed', resolved_by = ${actor.kind === 'user' ? actor.id : null}, resolved_at = now() WHERE id = ${dupId}`);
  const [region] = await tx.rows<{ region_code: string }>(sql`SELECT region_code FROM registry_duplicate WHERE id = ${dupId}`);
  await appendAudit(tx, who, {
    action: 'person.duplicate_dismiss', summary: '确认疑似重复人员不是同一人', entityType: 'registry_duplicate', entityId: dupId,
    regionCode: region!.region_code,
    diff: diffFields({ status: 'open', personA: pair.person_a, personB: pair.person_b }, { status: 'dismissed', personA: pair.person_a, personB: pair.person_b }),
  });
}
