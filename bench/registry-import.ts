import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadMigrations, migrate, type Database } from '@mz/db';
import { computeIdCheckChar } from '@mz/kernel';
import { FieldCipher } from '@mz/crypto';
import { ensureRegions } from '@mz/regions/server';
import { createImportBatch, importFile, IMPORT_HEADERS, type Importer } from '../modules/registry/src/server/import/index.ts';
import type { Benchmark } from './benchmarks.ts';

const IMPORTER: Importer = { actorId: null, actorName: '基准测试', actorRegion: '220105003000', ip: null, regionCode: '220105003000' };
const CIPHER = new FieldCipher(Buffer.alloc(32, 3));

/** Until the registry and jobs modules are in allMigrations(), apply their folders here (idempotent). */
async function prepare(db: Database): Promise<string[]> {
  await migrate(db, loadMigrations([
    fileURLToPath(new URL('../modules/registry/src/server/migrations', import.meta.url)),
    fileURLToPath(new URL('../modules/jobs/src/server/migrations', import.meta.url)),
  ]));
  await ensureRegions(db, { within: '22' });
  const villages = await db.transaction((tx) => tx.rows<{ code: string }>(sql`
    SELECT code FROM region WHERE code > '220105003000' AND code < '220105004000' ORDER BY code`));
  if (!villages.length) throw new Error('registry-import: no villages under 220105003 in the region table');
  return villages.map((v) => v.code);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁晨阳雪梅琳颖婷欣怡佳琪嘉豪博文轩子涵雨泽宇航';

/**
 * N valid persons in households of three (户主, 配偶, 子女): unique ID numbers with correct check
 * characters (born 1940–2019, sequence numbers spread so no two collide), real village codes under
 * 220105003, Chinese names, a phone for every second person.
 */
export function syntheticCsv(n: number, villages: string[]): string {
  const lines = [IMPORT_HEADERS.join(',')];
  const days = 80 * 365;
  const epoch = Date.UTC(1940, 0, 1);
  for (let i = 0; i < n; i++) {
    const day = (i * 7919) % days;
    const seq = Math.floor(i / days) % 1000;
    const birth = new Date(epoch + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `220105${birth}${String(seq).padStart(3, '0')}`;
    const id = first17 + computeIdCheckChar(first17);
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 31) % GIVEN.length]! + (i % 3 ? GIVEN[(i * 17) % GIVEN.length]! : '');
    const family = Math.floor(i / 3);
    const village = villages[family % villages.length]!;
    const relation = ['02', '10', '20'][i % 3]!;
    const phone = i % 2 ? `13${String(100_000_000 + (i % 900_000_000)).padStart(9, '0')}` : '';
    lines.push([id, name, village, i % 4 ? '城镇' : '农村', village, relation === '02' ? `${family % 200}号楼${family % 30}单元` : '',
      phone, '汉族', i % 3 === 2 ? '未婚' : '已婚', `H${family}`, relation].join(','));
  }
  return lines.join('\n') + '\n';
}

async function reset(db: Database): Promise<void> {
  await db.transaction((tx) => tx.script(`
    TRUNCATE registry_household_member, registry_household, registry_person, registry_import_rejected, registry_import_batch CASCADE;
    DROP TABLE IF EXISTS registry_import_baseline`));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

/**
 * CPU seconds the server processes serving this database have used so far (PostgreSQL only, and
 * only for a role that may read /proc through pg_read_file, i.e. a superuser; otherwise null). On
 * a shared machine wall-clock seconds swing with other people's load; CPU seconds much less, so
 * the benchmark prints both.
 */
async function serverCpuSeconds(db: Database): Promise<number | null> {
  if (db.engine !== 'postgres') return null;
  try {
    const [row] = await db.transaction((tx) => tx.rows<{ ticks: string | null }>(sql`
      SELECT sum(split_part(s, ' ', 12)::bigint + split_part(s, ' ', 13)::bigint)::text AS ticks
      FROM (SELECT split_part(pg_read_file('/proc/' || pid || '/stat'), ') ', 2) AS s
            FROM pg_stat_activity WHERE datname = current_database()) p`));
    return row?.ticks === null || row?.ticks === undefined ? null : Number(row.ticks) / 100; // USER_HZ
  } catch {
    return null;
  }
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/**
 * The platform's batch import of a synthetic CSV file (read → parse → hash/encrypt/mask → COPY to
 * staging → set-based validation → INSERT … SELECT of persons, households, memberships → audit),
 * through the same service function the import job calls, against a raw COPY of the same file
 * into an unindexed table.
 */
export const registryImport: Benchmark = {
  describe: 'person batch import (parse + encrypt + COPY + SQL validation + promotion) vs raw COPY of the same CSV',
  defaultSize: 100_000,
  async run({ db, size, log }) {
    const villages = await prepare(db);
    const dir = await mkdtemp(join(tmpdir(), 'mz-bench-import-'));
    const path = join(dir, 'persons.csv');
    try {
      await writeFile(path, syntheticCsv(size, villages));

      await reset(db);
      await db.transaction((tx) => tx.script(
        `CREATE TABLE registry_import_baseline (${IMPORT_HEADERS.map((_, i) => `c${i} text`).join(', ')})`));
      log(`baseline: raw COPY of ${size} rows into a bare table`);
      let started = performance.now();
      const baselineFile = await readFile(path);
      const copied = await db.transaction((tx) => tx.copyCsv('registry_import_baseline', IMPORT_HEADERS.map((_, i) => `c${i}`), baselineFile, { header: true }));
      const baselineSeconds = (performance.now() - started) / 1000;
      log(`  ${baselineSeconds.toFixed(3)} s`);

      await reset(db);
      log(`platform: importFile() of ${size} rows`);
      const serverBefore = await serverCpuSeconds(db);
      const nodeBefore = process.cpuUsage();
      started = performance.now();
      const data = await readFile(path);
      const batchId = await db.transaction((tx) => createImportBatch(tx, IMPORTER, 'persons.csv', null), { scope: IMPORTER });
      const result = await importFile(db, CIPHER, IMPORTER, { batchId, fileName: 'persons.csv', data }, () => {}, { maxRows: Number.MAX_SAFE_INTEGER, log });
      const seconds = (performance.now() - started) / 1000;
      const nodeCpu = cpuSeconds(nodeBefore);
      const serverAfter = await serverCpuSeconds(db);
      log(`  ${seconds.toFixed(3)} s (${JSON.stringify(result)})`);
      log(`  CPU: this process ${nodeCpu.toFixed(1)} s (all threads)${serverBefore !== null && serverAfter !== null ? `, PostgreSQL ${(serverAfter - serverBefore).toFixed(1)} s` : ''}`);

      if (copied !== size || result.imported !== size || result.rejected !== 0 || result.households !== Math.ceil(size / 3)) {
        throw new Error(`registry-import: the two sides differ (baseline ${copied} rows, platform ${JSON.stringify(result)} of ${size})`);
      }
      return { seconds, baselineSeconds, size };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
