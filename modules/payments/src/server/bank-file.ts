/**
 * The bank payment file. The first export cuts the transfers — one per beneficiary and payee with
 * a positive net — and moves the roll to 已导出; later exports send the same rows again. Account
 * numbers (and ID numbers, if the bank's layout asks for them) are decrypted here, into the file,
 * and nowhere else.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { SealingPool, type FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { assertCountyActor, csvField, formatAmount, monthLabel, monthOf, ROLL_STATE_NAMES, type BankProfile } from '../domain/index.ts';
import { resolveBankProfile } from './bank-profile.service.ts';
import { programmeName } from './programmes.ts';
import { bulkSettings, findRoll, ledgerStep, ROLL_NOT_FOUND, rollEvent, rollTitle, type RollRow } from './roll.generate.ts';
import { PAYEE_OUTSIDE } from './roll.query.ts';
import { rollActor, versionConflict } from './roll.service.ts';
import { attachment, writeWorkbook, XLSX_TYPE } from './spreadsheet.ts';

export interface BankFile {
  fileName: string;
  contentDisposition: string;
  contentType: string;
  body: Buffer;
  rows: number;
  amountFen: number;
  sha256: string;
}

/**
 * Rows are read in pages of transfer numbers, so a million-row roll never sits in memory twice.
 * Transfer numbers run 1..n without gaps (row_number() when cut), so a page is a bounded range of
 * the primary key, `transfer_no >= a AND transfer_no < a + PAGE`: each page reads its own rows
 * only, whatever the planner believes about a table whose statistics predate the cut. (A keyset
 * `transfer_no > last … LIMIT` let the planner, guessing a few hundred rows, bitmap-scan and sort
 * every remaining row for each page: quadratic in the roll's size.) Pages are small enough that
 * the two in flight (one being decrypted, one being read) mostly die young in V8's new space: with
 * 25 000-row pages they were promoted, and collecting them cost about a fifth of the main thread.
 */
const PAGE = 8192;

/** From this many transfers on, accounts are opened on worker threads (below, starting them costs more). */
const OPEN_ON_WORKERS_FROM = 2_000;

/** Cuts the transfers; returns how many. */
async function cutTransfers(tx: Tx, roll: RollRow): Promise<number> {
  const n = await ledgerStep(() => tx.run(sql`
    INSERT INTO payments_transfer (roll_id, transfer_no, subject_id, payee_person_id, region_code, amount_fen, payee_name, account_cipher,
      account_hash, account_masked, bank_name)
    SELECT ${roll.id}::uuid, s.no, s.subject_id, s.payee_person_id, s.region_code, s.fen,
           coalesce(p.bank_holder, p.name, f.bank_holder, f.name), coalesce(p.bank_account_cipher, f.account_cipher),
           coalesce(p.bank_account_hash, f.account_hash), coalesce(p.bank_account_masked, f.account_masked), coalesce(p.bank_name, f.bank_name)
    FROM (
      -- Numbered before the registry is joined: the sort then carries the narrow aggregate rows,
      -- not the payee's name and account columns (about a third of the width: a million rows of
      -- the wide kind, some 300 MB, are more than the bulk work_mem and would sort on disk).
      SELECT a.*, row_number() OVER (ORDER BY a.first_no) AS no
      FROM (
        SELECT subject_id, payee_person_id, min(line_no) AS first_no, min(id) AS line_id, min(region_code) AS region_code, sum(amount_fen) AS fen
        FROM payments_line WHERE roll_id = ${roll.id}::uuid AND kind <> 'recovery'
        GROUP BY subject_id, payee_person_id HAVING sum(amount_fen) > 0
      ) a
    ) s LEFT JOIN registry_person p ON p.id = s.payee_person_id
    ${PAYEE_OUTSIDE('payments_line_payee(s.line_id)')}`));
  // A separate read rather than RETURNING from the insert: handing a million rows back through
  // the statement measured dearer than scanning the new transfers once more.
  const missing = await tx.rows<{ transfer_no: number; name: string | null; id_masked: string | null; n: number }>(sql`
    SELECT t.transfer_no, coalesce(p.name, f.name) AS name, coalesce(p.id_masked, f.id_masked) AS id_masked, count(*) OVER ()::int AS n
    FROM payments_transfer t LEFT JOIN registry_person p ON p.id = t.payee_person_id
    ${PAYEE_OUTSIDE('payments_transfer_payee(t.roll_id, t.transfer_no)')}
    WHERE t.roll_id = ${roll.id}::uuid AND t.account_hash IS NULL ORDER BY t.transfer_no LIMIT 50`);
  if (!missing.length) return n;
  throw new DomainError({
    code: 'MISSING_ACCOUNTS', status: 422, title: `${missing[0]!.n} 名收款人没有登记银行账号，不能导出`,
    detail: '请先在人口与家庭基础库中补登收款账号，再导出代发文件',
    errors: missing.map((m) => ({ path: `transfers.${m.transfer_no}`, message: `${m.name ?? '（人口库中无此人）'}（${m.id_masked ?? ''}）未登记银行账号` })),
  });
}

interface FileRow {
  transfer_no: number; amount_fen: string; payee_name: string | null; account_cipher: string | null; id_cipher: string | null; bank_name: string | null;
  region_name: string | null;
}

function memoOf(roll: RollRow, runName: string | null): string {
  const month = monthLabel(monthOf(roll.month));
  if (roll.kind === 'run') return runName ?? `${month}一次性补贴`;
  const what = `${month}${programmeName(roll.programme) ?? ''}金`;
  return roll.kind === 'reissue' ? `${what}（重发）` : what;
}

export async function exportBankFile(
  tx: Tx, actor: Actor, who: AuditActor, cipher: FieldCipher, id: string,
  options: { profileCode: string; format: 'csv' | 'xlsx'; /** Transfers per page read (tests: several pages from a small roll). */ pageSize?: number },
): Promise<BankFile> {
  const pageSize = options.pageSize ?? PAGE;
  const roll = await findRoll(tx, actor.regionCode, id, true);
  if (!roll) throw ROLL_NOT_FOUND();
  if (!['approved', 'exported', 'returned', 'reconciled'].includes(roll.state)) {
    throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: `当前状态「${ROLL_STATE_NAMES[roll.state]}」不能导出银行代发文件`, detail: '发放表审批通过后才能导出' });
  }
  assertCountyActor({ regionCode: roll.region_code }, rollActor(actor));
  const profile = await resolveBankProfile(tx, actor.regionCode, options.profileCode);
  const first = roll.state === 'approved';
  await bulkSettings(tx);
  let count: number;
  if (first) {
    count = await cutTransfers(tx, roll);
    // The database checks that the transfers add up to the roll's payable amount.
    const n = await ledgerStep(() => tx.run(sql`UPDATE payments_roll SET state = 'exported', version = version + 1, updated_at = now() WHERE id = ${id}::uuid AND version = ${roll.version}`));
    if (n === 0) throw versionConflict();
    // The months this roll settled are final once the bank has them: the next roll starts from here.
    await tx.run(sql`DELETE FROM payments_recalc WHERE roll_id = ${id}::uuid`);
  } else {
    const [last] = await tx.rows<{ n: number }>(sql`SELECT coalesce(max(transfer_no), 0)::int AS n FROM payments_transfer WHERE roll_id = ${id}::uuid`);
    count = last!.n;
  }

  const [run] = roll.run_id ? await tx.rows<{ name: string }>(sql`SELECT name FROM payments_run WHERE id = ${roll.run_id}::uuid`) : [];
  const memo = memoOf(roll, run?.name ?? null);
  const fields = new Set(profile.columns.map((c) => c.field));
  const period = monthOf(roll.month);
  const pName = roll.programme ? programmeName(roll.programme) ?? '' : run?.name ?? '';
  const csv = options.format === 'csv';

  // One cell maker per column, decided once: the constant cells (memo, programme, period, roll
  // number) are escaped once for the whole file, and cells that are digits by construction
  // (transfer number, amount) need no CSV escaping. A plain value in the file is exactly what
  // FieldCipher.decrypt() returns for the envelope the transfer row keeps.
  type Cell = (r: FileRow, account: string | null, idNumber: string | null) => string;
  const escape = csv ? csvField : (v: string) => v;
  const cells: Cell[] = profile.columns.map(({ field }): Cell => {
    switch (field) {
      case 'transferNo': return (r) => String(r.transfer_no);
      case 'account': return (_r, account) => escape(account ?? '');
      case 'payeeName': return (r) => escape(r.payee_name ?? '');
      case 'idNumber': return (_r, _a, idNumber) => escape(idNumber ?? '');
      case 'amount': return (r) => formatAmount(Number(r.amount_fen), profile.amountUnit);
      case 'bankName': return (r) => escape(r.bank_name ?? '');
      case 'regionName': return (r) => escape(r.region_name ?? '');
      case 'memo': case 'programmeName': case 'period': case 'rollNo': {
        const constant = escape(field === 'memo' ? memo : field === 'programmeName' ? pName : field === 'period' ? period : roll.roll_no);
        return () => constant;
      }
    }
  });

  // What was sent is what the transfer row keeps: a re-download reproduces the file exactly,
  // whatever has changed in the registry since.
  const readPage = (from: number) => tx.rows<FileRow>(sql`
    SELECT t.transfer_no, t.amount_fen, t.payee_name, t.account_cipher, t.bank_name,
           ${fields.has('regionName') ? sql`(SELECT g.name FROM region g WHERE g.code = t.region_code)` : sql`NULL::text`} AS region_name,
           ${fields.has('idNumber') ? sql`coalesce((SELECT p.id_cipher FROM registry_person p WHERE p.id = t.payee_person_id),
             (SELECT x.id_cipher FROM payments_transfer_payee(t.roll_id, t.transfer_no) x))` : sql`NULL::text`} AS id_cipher
    FROM payments_transfer t
    WHERE t.roll_id = ${id}::uuid AND t.transfer_no >= ${from} AND t.transfer_no < ${from + pageSize}
    ORDER BY t.transfer_no`);

  // Decryption is most of the file's CPU (one AES-GCM open per account, some µs each in Node): it
  // runs in bulk on the sealing pool's worker threads, a page at a time, while this thread reads
  // the next page from the database and writes the previous one out. The choice is made once per
  // file: a small file is opened on this thread, where starting workers would cost more than
  // they save; a large one sends every page, whatever its size, to the workers.
  // A page goes out in four chunks, so both workers (two CPUs here) share every page.
  const pool = new SealingPool(cipher, { inlineBelow: count < OPEN_ON_WORKERS_FROM ? Number.MAX_SAFE_INTEGER : 0, chunkSize: Math.ceil(pageSize / 4) });
  const open = async (page: FileRow[]) => {
    const [accounts, idNumbers] = await Promise.all([
      fields.has('account') ? pool.open({ field: 'bank_account', envelopes: page.map((r) => r.account_cipher) }) : null,
      fields.has('idNumber') ? pool.open({ field: 'id_number', envelopes: page.map((r) => r.id_cipher) }) : null,
    ]);
    return { page, accounts, idNumbers };
  };

  const table: string[][] = [];
  const parts: Buffer[] = [];
  if (csv) {
    parts.push(Buffer.from(`${profile.encoding === 'utf8-bom' ? '\uFEFF' : ''}${profile.columns.map((c) => csvField(c.header)).join(',')}\r\n`, 'utf8'));
  }
  let rows = 0;
  let total = 0;
  const write = ({ page, accounts, idNumbers }: Awaited<ReturnType<typeof open>>) => {
    let text = '';
    for (let i = 0; i < page.length; i++) {
      const r = page[i]!;
      const account = accounts ? accounts[i]! : null;
      const idNumber = idNumbers ? idNumbers[i]! : null;
      if (csv) {
        let line = cells[0]!(r, account, idNumber);
        for (let c = 1; c < cells.length; c++) line += `,${cells[c]!(r, account, idNumber)}`;
        text += `${line}\r\n`;
      } else {
        table.push(cells.map((cell) => cell(r, account, idNumber)));
      }
      total += Number(r.amount_fen);
    }
    rows += page.length;
    if (text) parts.push(Buffer.from(text, 'utf8'));
  };
  try {
    let opening: ReturnType<typeof open> | null = null;
    for (let from = 1; from <= count; from += pageSize) {
      const page = await readPage(from);
      const next = open(page);
      // Marked handled here: if reading the next page fails first, this one's outcome no longer
      // matters; it is still awaited (and its error raised) in order below.
      next.catch(() => {});
      if (opening) write(await opening);
      opening = next;
    }
    if (opening) write(await opening);
  } finally {
    await pool.close();
  }
  if (rows !== count) throw new Error(`bank file: read ${rows} transfers of ${count}`);
  const body = csv
    ? Buffer.concat(parts)
    : await writeWorkbook([{
      name: '代发明细', headers: profile.columns.map((c) => c.header), rows: table,
      literalColumns: profile.columns.flatMap((c, i) => (['account', 'idNumber', 'transferNo', 'amount'].includes(c.field) ? [i] : [])),
      widths: profile.columns.map((c) => (c.field === 'account' || c.field === 'idNumber' ? 24 : c.field === 'memo' ? 30 : 14)),
    }]);
  const sha256 = createHash('sha256').update(body).digest('hex');
  await tx.run(sql`
    INSERT INTO payments_export (roll_id, region_code, profile_code, format, rows, amount_fen, sha256, actor_id, actor_name)
    VALUES (${id}::uuid, ${roll.region_code}, ${profile.code}, ${options.format}, ${rows}, ${total}, ${sha256}, ${who.actorId}::uuid, ${who.actorName})`);
  await rollEvent(tx, who, roll, { action: first ? 'export' : 'reexport', from: roll.state, to: first ? 'exported' : roll.state, detail: { rows, amountFen: total, sha256, profile: profile.code } });
  await appendAudit(tx, who, {
    action: 'payments.export', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `${first ? '导出' : '再次导出'}${rollTitle(roll)}银行代发文件（${profile.name}，${options.format.toUpperCase()}）：${rows} 笔，${fenToYuanString(total)} 元，SHA-256 ${sha256.slice(0, 16)}…`,
    diff: {
      ...(first ? { state: { before: ROLL_STATE_NAMES[roll.state], after: ROLL_STATE_NAMES.exported } } : {}),
      rows: { before: null, after: rows }, amountFen: { before: null, after: total }, sha256: { before: null, after: sha256 },
      accounts: { before: null, after: '***' },
    },
  });
  const base = `代发-${roll.roll_no}${first ? '' : '-重新导出'}.${options.format}`;
  return {
    fileName: base, contentDisposition: attachment(base, `${roll.roll_no}.${options.format}`),
    contentType: options.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE, body, rows, amountFen: total, sha256,
  };
}

export async function listExports(tx: Tx, actor: Actor, id: string) {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT id, profile_code, format, rows, amount_fen, sha256, actor_name, at FROM payments_export WHERE roll_id = ${id}::uuid ORDER BY at DESC`);
  return rows.map((r) => ({
    id: r.id as string, profileCode: r.profile_code as string, format: r.format as 'csv' | 'xlsx', rows: r.rows as number, amountFen: Number(r.amount_fen),
    sha256: r.sha256 as string, byName: r.actor_name as string | null, at: new Date(r.at).toISOString(),
  }));
}

export type { BankProfile };
