import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import { APP_ROLE, applyScope, pgErrorCode, PG, textArray } from '@mz/db';
import { SealingPool, type FieldCipher } from '@mz/crypto';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { enqueueJob, registerJobHandler } from '@mz/jobs/server';
import { conflict, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import { readImportFile, type ImportRow } from './import-file.ts';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './import-template.ts';
import { inPromotionOrder, prepareStage, SEALED_COLUMNS, sealStage, STAGE_COLUMNS, stagingCsv } from './import-stage.ts';

export const IMPORT_JOB_KIND = 'registry.import';

export type ImportStatus = 'running' | 'done' | 'failed' | 'undone';

export interface ImportCounts {
  total: number;
  imported: number;
  duplicatesSkipped: number;
  rejected: number;
  households: number;
}

export interface ImportResult extends ImportCounts {
  batchId: string;
}

export interface ImportBatchView extends Omit<ImportCounts, 'households'> {
  id: string;
  fileName: string;
  status: ImportStatus;
  households: number;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  finishedAt: string | null;
  jobId: string | null;
  error: string | null;
}

/** Who imports: the audit identity plus the jurisdiction the import runs in (RLS scope). */
export interface Importer extends AuditActor {
  regionCode: string;
}

const scopeOf = (who: Importer) => ({ scope: { actorId: who.actorId, regionCode: who.regionCode } });

/** The batch row; `data` is the upload, kept in the database until the job has read it. */
export async function createImportBatch(tx: Tx, who: Importer, fileName: string, data: Buffer | null): Promise<string> {
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_import_batch (file_name, region_code, created_by, file_data)
    VALUES (${fileName.slice(0, 255)}, ${who.regionCode}, ${who.actorId}, ${data}) RETURNING id`);
  return row!.id;
}

/**
 * What the upload route does after checking the file: the batch and its job in the caller's
 * (scoped) transaction, so neither exists without the other.
 */
export async function queueImport(tx: Tx, who: Importer, fileName: string, data: Buffer): Promise<{ batchId: string; jobId: string }> {
  const batchId = await createImportBatch(tx, who, fileName, data);
  const jobId = await enqueueJob(tx, { kind: IMPORT_JOB_KIND, regionCode: who.regionCode, createdBy: who.actorId, payload: { batchId, importer: who } });
  await tx.run(sql`UPDATE registry_import_batch SET job_id = ${jobId} WHERE id = ${batchId}`);
  return { batchId, jobId };
}

/** Registers the background handler of `registry.import` (call once per process that runs jobs). */
export function registerImportJob(cipher: FieldCipher): void {
  registerJobHandler(IMPORT_JOB_KIND, async ({ db, payload, progress }) => {
    const { batchId, importer } = payload as { batchId: string; importer: Importer };
    const [batch] = await db.transaction((tx) => tx.rows<{ file_name: string; file_data: Uint8Array | null; status: string }>(sql`
      SELECT file_name, file_data, status FROM registry_import_batch WHERE id = ${batchId}`), scopeOf(importer));
    if (!batch || batch.status !== 'running' || !batch.file_data) throw notFound('导入批次不存在或已处理');
    const result = await importFile(db, cipher, importer, { batchId, fileName: batch.file_name, data: Buffer.from(batch.file_data) }, progress);
    return { ...result };
  });
}

export interface ImportOptions {
  /** Row limit of the file (the upload route's is MAX_IMPORT_ROWS; the benchmark lifts it). */
  maxRows?: number;
  today?: string;
  /** Phase timings (the benchmark prints them). */
  log?: (message: string) => void;
}

/**
 * The import pipeline. Parse in JS; put the rows in promotion order (region, then name — see
 * promotionOrder) and give them their ids; COPY the plain rows into a temporary staging table and
 * validate every row in set-based SQL while worker threads compute what needs the key (keyed hashes
 * and envelopes of ID numbers and phones); COPY those next to the staging rows; run the checks that
 * need them (already registered); keep the rejected rows for the error report; promote the valid
 * ones with INSERT … SELECT. Everything after parsing is one transaction: a failure leaves the
 * registry untouched (the batch is then marked failed in a separate transaction).
 *
 * Roles: the transaction starts as the owner for the work on the session's own temporary tables —
 * PGlite's COPY reads a server-side file, which the restricted role may not, and the row checks
 * read only staging and code tables. Everything that reads or writes the registry runs after
 * applyScope(), as mz_app under row-level security.
 */
export async function importFile(
  db: Database, cipher: FieldCipher, who: Importer,
  file: { batchId: string; fileName: string; data: Buffer },
  progress: (done: number, total: number) => void = () => {},
  options: ImportOptions = {},
): Promise<ImportResult> {
  let last = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    options.log?.(`  ${phase}: ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
  const pool = new SealingPool(cipher);
  try {
    const { rows } = await readImportFile(file.fileName, file.data, { maxRows: options.maxRows ?? MAX_IMPORT_ROWS });
    const phases = 5;
    const total = rows.length;
    progress(0, total * phases);
    const today = options.today ?? todayInShanghai();
    mark(`parse ${total} rows`);
    // The workers seal while this thread orders the rows, builds the staging CSV and drives the
    // database through staging and the row checks, which need no key. Awaited before the
    // promotion; until then a failure must not surface as an unhandled rejection.
    const stage = prepareStage(rows, today);
    const sealing = sealStage(pool, stage);
    sealing.catch(() => undefined);
    const ordered = inPromotionOrder(stage);
    mark('promotion order');
    const csv = stagingCsv(ordered, today);
    mark('ids, masks, initials + staging CSV');
    progress(total, total * phases);
    const step = (n: number) => progress(total * n, total * phases);
    const counts = await db.transaction(async (tx) => {
      if (tx.engine === 'postgres') {
        // For this transaction only: memory for its hash joins and aggregates over up to a million
        // staged rows (otherwise they spill to disk in batches), and no JIT — its statements are
        // large expressions run once, and compiling the row checks took longer (2.4 s) than it saved.
        await tx.script(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
      }
      await tx.script(`CREATE TEMP TABLE registry_import_stage (
        row_no integer, person_id uuid, household_id uuid, id_no text, id_problem text, sex text, birth_date date, id_masked text,
        name text, name_initials text, hukou_region text, hukou_code text, hukou_type text, cur_region text, cur_code text,
        address text, phone text, phone_masked text, ethnicity text, marital text, hh_key text, relation text) ON COMMIT DROP`);
      await tx.copyCsv('registry_import_stage', STAGE_COLUMNS, csv);
      await tx.script('ANALYZE registry_import_stage');
      mark('COPY into staging');
      await checkRows(tx, who);
      step(2);
      mark('row checks');
      const sealed = await sealing;
      mark('waiting for the sealing workers');
      // Hashes and envelopes only; no plain value. The lookup of registered ID numbers runs as the
      // table owner (SECURITY DEFINER) and reads this table, hence the grant.
      await tx.script(`CREATE TEMP TABLE registry_import_sealed (
        row_no integer, id_hash text, id_cipher text, phone_hash text, phone_cipher text) ON COMMIT DROP;
        GRANT SELECT ON registry_import_sealed TO PUBLIC`);
      await tx.copyCsv('registry_import_sealed', SEALED_COLUMNS, sealed);
      await tx.script('ANALYZE registry_import_sealed');
      mark('COPY hashes and envelopes');
      await applyScope(tx, scopeOf(who).scope);
      return promote(tx, pool, who, file, rows, today, step, mark);
    });
    return { batchId: file.batchId, ...counts };
  } catch (err) {
    await markFailed(db, who, file.batchId, err);
    throw err;
  } finally {
    await pool.close();
  }
}

async function markFailed(db: Database, who: Importer, batchId: string, err: unknown): Promise<void> {
  const message = (err as { title?: string; detail?: string })?.title
    ? [(err as { title: string }).title, (err as { detail?: string }).detail].filter(Boolean).join('：')
    : '导入过程中出错，未导入任何数据';
  await db.transaction((tx) => tx.run(sql`
    UPDATE registry_import_batch SET status = 'failed', error = ${message}, finished_at = now(), file_data = NULL
    WHERE id = ${batchId} AND status = 'running'`), scopeOf(who)).catch(() => undefined);
}

const MARITAL = sql.raw(`(VALUES ('未婚','unmarried'),('10','unmarried'),('unmarried','unmarried'),('已婚','married'),('20','married'),
  ('21','married'),('22','married'),('23','married'),('married','married'),('丧偶','widowed'),('30','widowed'),('widowed','widowed'),
  ('离婚','divorced'),('40','divorced'),('divorced','divorced')) AS m(k, code)`);

/**
 * Every rule that needs neither the key nor the registry, over the staged rows: normalise codes and
 * check each row in one pass, then the rules across rows of the file (ID number twice, heads per
 * household). Runs as the owner on the session's own temporary tables; the importer's jurisdiction
 * is applied explicitly (scope.from/to), as before under the restricted role.
 */
async function checkRows(tx: Tx, who: Importer): Promise<void> {
  const scope = subtreeRange(who.regionCode);
  // 1. Staged by the caller (ON COMMIT DROP: the plain-text ID numbers never outlive the transaction).
  // 2. Normalise codes and check every row-local rule in one pass. The table keeps the staging
  //    order (promotion order): the staging table is the probe side of every join here. The ID
  //    number's problem and the 12-digit region codes were computed while staging (JS, same rules
  //    and words as registry_id_problem() and the template's code shapes).
  await tx.run(sql`
    CREATE TEMP TABLE registry_import_checked ON COMMIT DROP AS
    WITH eth AS (
      SELECT DISTINCT ON (k) k, code FROM (
        SELECT code AS k, code FROM registry_ethnicity UNION ALL SELECT name, code FROM registry_ethnicity
        UNION ALL SELECT left(name, -1), code FROM registry_ethnicity WHERE name LIKE '%族') e ORDER BY k, code),
    rel AS (SELECT DISTINCT ON (k) k, code FROM (SELECT code AS k, code FROM registry_relation UNION ALL SELECT name, code FROM registry_relation) r ORDER BY k, code),
    n AS (
      SELECT s.*,
        CASE s.hukou_type WHEN '城镇' THEN 'urban' WHEN 'urban' THEN 'urban' WHEN '农村' THEN 'rural' WHEN 'rural' THEN 'rural' END AS hukou_type_code,
        eth.code AS ethnicity_code, rel.code AS relation_code, m.code AS marital_code
      FROM registry_import_stage s
      LEFT JOIN eth ON eth.k = s.ethnicity
      LEFT JOIN rel ON rel.k = s.relation
      LEFT JOIN ${MARITAL} ON m.k = s.marital)
    SELECT n.row_no, n.person_id, n.household_id, n.id_no, n.sex, n.birth_date, n.id_masked, n.name, n.name_initials, n.hukou_code, n.hukou_type_code,
      coalesce(n.cur_code, n.hukou_code) AS region_code, n.address, n.phone_masked,
      n.ethnicity_code, n.marital_code, n.hh_key, n.relation_code,
      NULL::uuid AS existing_id, false AS existing_in_scope, false AS existing_in_household,
      nullif(concat_ws('；',
        n.id_problem,
        CASE WHEN n.name IS NULL THEN '姓名不能为空' WHEN length(n.name) > 50 THEN '姓名不超过50个字' END,
        CASE WHEN n.hukou_region IS NULL THEN '户籍地区划代码不能为空'
             WHEN n.hukou_code IS NULL THEN '户籍地区划代码格式不正确：' || n.hukou_region
             WHEN rh.code IS NULL THEN '户籍地区划代码不存在：' || n.hukou_region END,
        CASE WHEN n.cur_region IS NULL THEN NULL
             WHEN n.cur_code IS NULL THEN '现居住地区划代码格式不正确：' || n.cur_region
             WHEN rc.code IS NULL THEN '现居住地区划代码不存在：' || n.cur_region
             WHEN NOT (n.cur_code >= ${scope.from} AND n.cur_code < ${scope.to}) THEN '现居住地不在本辖区内：' || n.cur_region END,
        CASE WHEN n.cur_region IS NULL AND rh.code IS NOT NULL AND NOT (n.hukou_code >= ${scope.from} AND n.hukou_code < ${scope.to})
             THEN '户籍地不在本辖区内，请填写本辖区内的现居住地区划代码' END,
        CASE WHEN n.hukou_type IS NULL THEN '户籍类型不能为空' WHEN n.hukou_type_code IS NULL THEN '户籍类型应为“城镇”或“农村”' END,
        CASE WHEN n.ethnicity IS NOT NULL AND n.ethnicity_code IS NULL THEN '民族代码或名称不正确：' || n.ethnicity END,
        CASE WHEN n.marital IS NOT NULL AND n.marital_code IS NULL THEN '婚姻状况应为未婚、已婚、离婚或丧偶' END,
        CASE WHEN n.phone IS NOT NULL AND n.phone !~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$' THEN '联系电话应为11位手机号或带区号的固定电话' END,
        CASE WHEN length(n.address) > 200 THEN '现居住地址不超过200个字' END,
        CASE WHEN n.hh_key IS NULL THEN NULL
             WHEN length(n.hh_key) > 50 THEN '家庭编号不超过50个字'
             WHEN n.relation IS NULL THEN '填写了家庭编号时必须填写与户主关系'
             WHEN n.relation_code IS NULL THEN '与户主关系代码或名称不正确：' || n.relation
             WHEN n.relation_code = '02' AND n.address IS NULL THEN '户主的现居住地址不能为空（作为家庭地址）' END
      ), '') AS errors
    FROM n
    LEFT JOIN region rh ON rh.code = n.hukou_code
    LEFT JOIN region rc ON rc.code = n.cur_code`);
  await tx.script(`ANALYZE registry_import_checked; GRANT SELECT, UPDATE ON registry_import_checked TO ${APP_ROLE}`);

  // 3a. Rules across rows of the file. (The staged ID number is the normalised one the hash is
  //     computed from, so grouping by it groups exactly as by the hash.)
  await tx.run(sql`
    WITH d AS (SELECT id_no, min(row_no) AS first FROM registry_import_checked WHERE id_no IS NOT NULL GROUP BY id_no HAVING count(*) > 1)
    UPDATE registry_import_checked c SET errors = concat_ws('；', c.errors, '文件中身份证号重复（与第' || d.first || '行相同）')
    FROM d WHERE c.id_no = d.id_no AND c.row_no > d.first`);
  await tx.run(sql`
    WITH g AS (
      SELECT hh_key, count(*) FILTER (WHERE relation_code = '02') AS heads FROM registry_import_checked
      WHERE hh_key IS NOT NULL GROUP BY hh_key HAVING count(*) FILTER (WHERE relation_code = '02') <> 1)
    UPDATE registry_import_checked c SET errors = concat_ws('；', c.errors, '家庭编号“' || g.hh_key || '”' ||
      CASE WHEN g.heads = 0 THEN '没有户主（与户主关系填 02）' ELSE '有' || g.heads || '名户主，每户只能有一名' END)
    FROM g WHERE c.hh_key = g.hh_key`);
}

async function promote(
  tx: Tx, pool: SealingPool, who: Importer, file: { batchId: string; fileName: string }, rows: ImportRow[], today: string,
  step: (phase: number) => void, mark: (phase: string) => void = () => {},
): Promise<ImportCounts> {
  const batchId = file.batchId;

  // 3b. Rules that need the registry: which ID numbers are registered already, in any jurisdiction.
  await tx.run(sql`
    UPDATE registry_import_checked c SET existing_id = x.person_id, existing_in_scope = x.in_scope, existing_in_household = x.in_household
    FROM registry_import_existing() x WHERE c.row_no = x.row_no`);
  // A household of new persons may take in a registered person only if they are ours and in no household now.
  await tx.run(sql`
    WITH g AS (SELECT hh_key FROM registry_import_checked WHERE hh_key IS NOT NULL GROUP BY hh_key
               HAVING bool_or(existing_id IS NULL) AND bool_or(existing_id IS NOT NULL))
    UPDATE registry_import_checked c SET errors = concat_ws('；', c.errors,
      CASE WHEN NOT c.existing_in_scope THEN '该人员已在其他辖区登记，不能并入本文件中的家庭' ELSE '该人员已是其他家庭的现有成员，请先办理迁出' END)
    FROM g WHERE c.hh_key = g.hh_key AND c.existing_id IS NOT NULL AND (NOT c.existing_in_scope OR c.existing_in_household)`);
  // A household is imported whole or not at all.
  await tx.run(sql`
    UPDATE registry_import_checked SET errors = '同一家庭编号中有其他行未通过校验，整户未导入'
    WHERE errors IS NULL AND hh_key IN (SELECT hh_key FROM registry_import_checked WHERE errors IS NOT NULL AND hh_key IS NOT NULL)`);
  step(3);
  mark('cross-row checks');

  // 4. Rejected rows for the error report: the original row, encrypted, with its reasons.
  const rejected = await tx.rows<{ row_no: number; errors: string }>(sql`
    SELECT row_no, errors FROM registry_import_checked WHERE errors IS NOT NULL ORDER BY row_no`);
  if (rejected.length) {
    // One statement over bound arrays (COPY is not open to the restricted role on PGlite).
    const byRow = new Map(rows.map((r) => [r.rowNo, r]));
    const { envelopes } = await pool.seal({ field: 'import_row', values: rejected.map((r) => JSON.stringify(byRow.get(r.row_no)!.values)), encrypt: true });
    await tx.run(sql`
      INSERT INTO registry_import_rejected (batch_id, row_no, original_cipher, errors)
      SELECT ${batchId}::uuid, r.row_no::int, r.original, r.errors
      FROM unnest(${textArray(rejected.map((r) => String(r.row_no)))}, ${textArray(envelopes as string[])}, ${textArray(rejected.map((r) => r.errors))}) AS r(row_no, original, errors)`);
  }
  mark(`rejected rows (${rejected.length})`);

  // 5. Promote, in staging order (region, name), which the ids follow. A LEFT JOIN so that a
  //    staged row without its hashes and envelopes could never be dropped silently: it would hit
  //    the NOT NULL of id_hash and fail the import instead.
  const imported = await tx.run(sql`
    INSERT INTO registry_person (id, id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, ethnicity,
      phone_cipher, phone_hash, phone_masked, hukou_region_code, hukou_type, region_code, address, marital_status,
      source, import_batch_id, created_by, updated_by)
    SELECT c.person_id, s.id_hash, s.id_cipher, c.id_masked, c.name, c.name_initials,
      c.sex, c.birth_date, c.ethnicity_code,
      s.phone_cipher, s.phone_hash, c.phone_masked, c.hukou_code, c.hukou_type_code, c.region_code, c.address, c.marital_code,
      'import', ${batchId}::uuid, ${who.actorId}::uuid, ${who.actorId}::uuid
    FROM registry_import_checked c LEFT JOIN registry_import_sealed s ON s.row_no = c.row_no
    WHERE c.errors IS NULL AND c.existing_id IS NULL`);
  step(4);
  mark('persons');
  // Households: every 家庭编号 with at least one new person, under the id staged for it.
  await tx.script(`CREATE TEMP TABLE registry_import_household ON COMMIT DROP AS
    SELECT hh_key FROM registry_import_checked WHERE hh_key IS NOT NULL AND errors IS NULL
    GROUP BY hh_key HAVING bool_or(existing_id IS NULL);
    ANALYZE registry_import_household`);
  const households = await tx.run(sql`
    INSERT INTO registry_household (id, region_code, address, head_person_id, import_batch_id, created_by)
    SELECT c.household_id, c.region_code, c.address, coalesce(c.existing_id, c.person_id), ${batchId}::uuid, ${who.actorId}::uuid
    FROM registry_import_checked c
    WHERE c.relation_code = '02' AND c.errors IS NULL AND c.hh_key IN (SELECT hh_key FROM registry_import_household)`);
  mark('households');
  const members = await tx.run(sql`
    INSERT INTO registry_household_member (household_id, person_id, relation, valid_from)
    SELECT c.household_id, coalesce(c.existing_id, c.person_id), c.relation_code, ${today}::date
    FROM registry_import_checked c
    WHERE c.errors IS NULL AND c.hh_key IN (SELECT hh_key FROM registry_import_household)`);
  mark('memberships');

  const [{ dup }] = await tx.rows<{ dup: number }>(sql`
    SELECT count(*)::int AS dup FROM registry_import_checked WHERE errors IS NULL AND existing_id IS NOT NULL`);
  const counts: ImportCounts = { total: rows.length, imported, duplicatesSkipped: dup, rejected: rejected.length, households };
  const updated = await tx.run(sql`
    UPDATE registry_import_batch SET status = 'done', total = ${counts.total}, imported = ${imported}, duplicates_skipped = ${dup},
      rejected = ${counts.rejected}, households = ${households}, members = ${members}, finished_at = now(), file_data = NULL
    WHERE id = ${batchId} AND status = 'running'`);
  if (updated !== 1) throw conflict('导入批次状态已改变', '该批次已被处理或撤销');
  await appendAudit(tx, who, {
    action: 'registry.import', entityType: 'registry_import_batch', entityId: batchId, regionCode: who.regionCode,
    summary: `批量导入“${file.fileName}”：共${counts.total}行，导入${imported}人，重复跳过${dup}人，错误${counts.rejected}行，建立家庭${households}户`,
    diff: { total: { before: null, after: counts.total }, imported: { before: null, after: imported }, duplicatesSkipped: { before: null, after: dup },
      rejected: { before: null, after: counts.rejected }, households: { before: null, after: households } },
  });
  step(5);
  mark('counts + batch + audit');
  return counts;
}

interface BatchRow {
  id: string; file_name: string; status: ImportStatus; total: number; imported: number; duplicates_skipped: number; rejected: number;
  households: number; created_by: string | null; created_by_name: string | null; created_at: string; finished_at: string | null;
  job_id: string | null; error: string | null;
}

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

export async function listImports(tx: Tx, scopeRegion: string, id?: string): Promise<ImportBatchView[]> {
  const scope = subtreeRange(scopeRegion);
  const rows = await tx.rows<BatchRow>(sql`
    SELECT b.id, b.file_name, b.status, b.total, b.imported, b.duplicates_skipped, b.rejected, b.households, b.created_by,
           u.display_name AS created_by_name, b.created_at, b.finished_at, b.job_id, b.error
    FROM registry_import_batch b LEFT JOIN iam_user u ON u.id = b.created_by
    WHERE b.region_code >= ${scope.from} AND b.region_code < ${scope.to} ${id ? sql`AND b.id = ${id}` : sql``}
    ORDER BY b.created_at DESC LIMIT 200`);
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, status: r.status, total: r.total, imported: r.imported, duplicatesSkipped: r.duplicates_skipped,
    rejected: r.rejected, households: r.households, createdBy: r.created_by, createdByName: r.created_by_name,
    createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at), jobId: r.job_id, error: r.error,
  }));
}

/** The rejected rows of a batch, decrypted, for the error report (null: no such batch in scope). */
export async function rejectedRows(tx: Tx, cipher: FieldCipher, scopeRegion: string, batchId: string) {
  const [batch] = await listImports(tx, scopeRegion, batchId);
  if (!batch) return null;
  const rows = await tx.rows<{ row_no: number; original_cipher: string; errors: string }>(sql`
    SELECT row_no, original_cipher, errors FROM registry_import_rejected WHERE batch_id = ${batchId} ORDER BY row_no`);
  return {
    batch,
    rows: rows.map((r) => ({ rowNo: r.row_no, values: JSON.parse(cipher.decrypt('import_row', r.original_cipher)) as Record<string, string>, errors: r.errors })),
  };
}

/**
 * Takes a finished batch back out: its memberships, households and persons, in three set-based
 * DELETEs, refused (409) when anything done since refers to them.
 */
export async function undoImport(tx: Tx, who: Importer, batchId: string): Promise<void> {
  const scope = subtreeRange(who.regionCode);
  const [batch] = await tx.rows<{ status: ImportStatus; imported: number; households: number; members: number; file_name: string }>(sql`
    SELECT status, imported, households, members, file_name FROM registry_import_batch
    WHERE id = ${batchId} AND region_code >= ${scope.from} AND region_code < ${scope.to} FOR UPDATE`);
  if (!batch) throw notFound('导入批次不存在');
  if (batch.status === 'undone') throw conflict('该批次已撤销');
  if (batch.status !== 'done') throw conflict('只能撤销已完成的导入批次', batch.status === 'running' ? '该批次仍在导入中' : '该批次导入失败，未导入任何数据');

  const [state] = await tx.rows<{ persons: number; modified: number; households: number; members: number; ended: number; foreign_members: number }>(sql`
    SELECT
      (SELECT count(*)::int FROM registry_person WHERE import_batch_id = ${batchId}) AS persons,
      (SELECT count(*)::int FROM registry_person WHERE import_batch_id = ${batchId} AND version > 1) AS modified,
      (SELECT count(*)::int FROM registry_household WHERE import_batch_id = ${batchId}) AS households,
      (SELECT count(*)::int FROM registry_household_member m JOIN registry_household h ON h.id = m.household_id WHERE h.import_batch_id = ${batchId}) AS members,
      (SELECT count(*)::int FROM registry_household_member m JOIN registry_household h ON h.id = m.household_id
        WHERE h.import_batch_id = ${batchId} AND (m.valid_to IS NOT NULL OR h.dissolved_on IS NOT NULL)) AS ended,
      (SELECT count(*)::int FROM registry_household_member m JOIN registry_person p ON p.id = m.person_id
        LEFT JOIN registry_household h ON h.id = m.household_id
        WHERE p.import_batch_id = ${batchId} AND (h.id IS NULL OR h.import_batch_id IS DISTINCT FROM ${batchId}::uuid)) AS foreign_members`);
  const s = state!;
  const reasons: string[] = [];
  if (s.persons !== batch.imported) reasons.push('部分人员已迁往其他辖区或已被合并');
  if (s.modified) reasons.push(`${s.modified}名人员的信息已被修改`);
  if (s.households !== batch.households || s.members !== batch.members) reasons.push('批次中的家庭已有成员变动（如新增成员）');
  if (s.ended) reasons.push('批次中的家庭已办理成员迁出或解散');
  if (s.foreign_members) reasons.push('批次中的人员已加入其他家庭');
  if (reasons.length) throw conflict('该批次已有后续业务，不能撤销', `${reasons.join('；')}。请逐条处理。`);

  try {
    await tx.run(sql`DELETE FROM registry_household_member m USING registry_household h WHERE h.id = m.household_id AND h.import_batch_id = ${batchId}`);
    await tx.run(sql`DELETE FROM registry_household WHERE import_batch_id = ${batchId}`);
    await tx.run(sql`DELETE FROM registry_person WHERE import_batch_id = ${batchId}`);
  } catch (err) {
    if (pgErrorCode(err) === PG.foreignKeyViolation) {
      throw conflict('该批次已有后续业务，不能撤销', '批次中的人员或家庭已被其他业务记录引用（如救助申请），请逐条处理');
    }
    throw err;
  }
  await tx.run(sql`UPDATE registry_import_batch SET status = 'undone', undone_at = now() WHERE id = ${batchId}`);
  await appendAudit(tx, who, {
    action: 'registry.import_undo', entityType: 'registry_import_batch', entityId: batchId, regionCode: who.regionCode,
    summary: `撤销导入批次“${batch.file_name}”：删除${batch.imported}人、${batch.households}户`,
    diff: { status: { before: 'done', after: 'undone' }, imported: { before: batch.imported, after: 0 } },
  });
}

export { IMPORT_COLUMNS };
