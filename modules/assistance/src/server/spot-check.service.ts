/**
 * 特困 随机抽查 (特困办法第十六条): the county checks at least 30% of the cases before it. A draw takes
 * the county's 特困 cases that are accepted, not yet decided and not yet sampled, picks
 * ⌈pool × ratio⌉ of them at random (ratio = the county's `tekun.spotCheckRatio`, never below 30%),
 * records the draw and flags the drawn cases `spot_check`, which makes the 县级抽查 step required
 * before their decision.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { invalid, isWithin, notFound, regionLevel, subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionNames } from '@mz/regions/server';
import { addFlag } from '@mz/workflow/server';
import { requireParam } from '../domain/index.ts';
import { paramsFor } from './params.service.ts';

/** The legal floor (特困办法第十六条 "不低于30%"), as a fraction in integers. */
const FLOOR = { num: 3, den: 10 };

/** '0.35' → 35/100, exactly: the sample size is rounded up from an exact product, not a float. */
function fraction(decimal: string): { num: number; den: number } {
  const [whole, part = ''] = decimal.split('.');
  const den = 10 ** part.length;
  return { num: Number(whole) * den + Number(part || '0'), den };
}

/** ⌈pool × ratio⌉ in integers, with the ratio raised to the legal floor if a region set it lower. */
export function sampleSize(pool: number, ratio: string): number {
  const r = fraction(ratio);
  const use = r.num * FLOOR.den >= FLOOR.num * r.den ? r : FLOOR;
  return Math.min(pool, Math.floor((pool * use.num + use.den - 1) / use.den));
}

export async function drawSpotCheck(tx: Tx, actor: Actor, who: AuditActor, countyCode: string): Promise<{ drawn: string[]; pool: number }> {
  if (regionLevel(countyCode) !== 3) throw invalid('请选择县（市、区）', [{ path: 'countyCode', message: '抽查以县级为单位，请选择一个县（市、区）' }]);
  if (!isWithin(countyCode, actor.regionCode)) throw notFound('区划不在管辖范围内', '只能抽查本辖区的县（市、区）');
  const { from, to } = subtreeRange(countyCode);
  // Serialises two draws of one county, so a case cannot land in both.
  await tx.run(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`assistance:spot_check:${countyCode}`}, 0))`);
  const pool = await tx.rows<{ id: string; case_no: string }>(sql`
    SELECT a.id, w.case_no FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE a.programme = 'tekun' AND a.region_code >= ${from} AND a.region_code < ${to} AND w.closed_at IS NULL
      AND w.events ? 'accepted' AND NOT (w.events ? 'decided') AND NOT ('spot_check' = ANY (w.flags))
    ORDER BY w.case_no`);
  const ratio = requireParam(await paramsFor(tx, countyCode, todayInShanghai()), 'tekun.spotCheckRatio', 'ratio').value;
  const n = sampleSize(pool.length, ratio);
  // Partial Fisher–Yates with a cryptographic generator: nobody can steer which cases are drawn.
  const ids = pool.map((p) => p.id);
  for (let i = 0; i < n; i += 1) {
    const j = i + randomInt(ids.length - i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const drawn = ids.slice(0, n);
  await tx.run(sql`
    INSERT INTO assistance_spot_check (region_code, drawn_by, drawn_by_name, pool_size, sample_case_ids)
    VALUES (${countyCode}, ${actor.kind === 'user' ? actor.id : null}::uuid, ${actor.name}, ${pool.length}, ${sql.param(drawn)}::uuid[])`);
  // A handful of cases per county and week; the engine's addFlag also bumps each case's version so
  // a page opened before the draw learns of the new required step.
  for (const id of drawn) await addFlag(tx, id, 'spot_check');
  const name = (await regionNames(tx, [countyCode])).get(countyCode) ?? countyCode;
  const drawnNos = pool.filter((p) => drawn.includes(p.id)).map((p) => p.case_no);
  await appendAudit(tx, who, {
    action: 'assistance.spot_check', entityType: 'assistance_spot_check', regionCode: countyCode,
    summary: `${name}特困供养抽查：待审核确认 ${pool.length} 件，抽取 ${drawn.length} 件${drawnNos.length ? `（${drawnNos.join('、')}）` : ''}`,
    diff: { drawn: { before: null, after: drawnNos }, pool: { before: null, after: pool.length }, ratio: { before: null, after: ratio } },
  });
  return { drawn, pool: pool.length };
}
