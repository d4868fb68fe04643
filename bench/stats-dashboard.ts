import { sql } from 'drizzle-orm';
import { FieldCipher } from '@mz/crypto';
import { seedDemoAccounts } from '@mz/iam/server';
import { dashboard, refreshMonth } from '@mz/statistics/server';
import type { Benchmark } from './benchmarks.ts';
import { BENCH_PASSWORD, concurrently, get, login, percentiles, startBenchServer, type Percentiles } from './harness.ts';
import { loadStatisticsFacts, STATS_MONTH } from './load-statistics.ts';

/** One demo official per level (seedDemoAccounts): 吉林省, 长春市, 二道区, 荣光街道, 岭东社区. */
const OFFICIALS = [
  { level: 1, username: 'demo-province', regionCode: '220000000000' },
  { level: 2, username: 'demo-city', regionCode: '220100000000' },
  { level: 3, username: 'demo-county', regionCode: '220105000000' },
  { level: 4, username: 'demo-township', regionCode: '220105003000' },
  { level: 5, username: 'demo-village', regionCode: '220105003005' },
] as const;
const PROVINCE = OFFICIALS[0];
const LEVEL_NAMES = ['', '省', '市', '县', '乡', '村'];
const LOAD = { clients: 4, requestsPerClient: 50, timeLimitMs: 120_000 };
const TARGET_MS = 100;

/** A fixed pseudo-random pick (the same regions on both engines and every run). */
const pick = <T>(xs: readonly T[], i: number): T => xs[(Math.imul(i + 1, 2654435761) >>> 0) % xs.length]!;

/**
 * The dashboard over HTTP after one refresh of N persons' facts: for each region level, at least
 * 200 `GET /api/v1/statistics/dashboard` by 4 concurrent clients — every other request by the
 * province official for a random region of that level anywhere in 吉林省, the others by the
 * official of that level for a region of that level in their jurisdiction (their own: the
 * jurisdiction holds one region of its own level), each with row-level security as that user.
 * p50/p95/max per level; `seconds` is the worst level's p95. `baselineSeconds` is the p95 of the
 * same requests made as direct `dashboard()` calls in a scoped transaction (no HTTP, session,
 * validation or serialisation) with the same concurrency.
 */
export const statsDashboard: Benchmark = {
  describe: 'statistics dashboard over HTTP for random regions at all five levels after a refresh of N persons\' facts: worst p95 vs the service call direct',
  defaultSize: 1_000_000,
  async run({ db, size, log }) {
    await loadStatisticsFacts(db, size, log);
    const refreshed = await refreshMonth(db, STATS_MONTH, { actorId: null, actorName: '基准测试', actorRegion: null, ip: null });
    log(`  refreshed ${STATS_MONTH}: ${refreshed.valueRows} values in ${refreshed.milliseconds} ms`);
    await db.transaction((tx) => tx.script('ANALYZE statistics_value; ANALYZE statistics_refresh'));
    await seedDemoAccounts(db, BENCH_PASSWORD);

    const regions = await db.transaction((tx) => tx.rows<{ code: string; level: number }>(sql`
      SELECT code, level::int AS level FROM region WHERE code >= '220000000000' AND code < '230000000000' ORDER BY code`));
    const atLevel = (level: number) => regions.filter((r) => r.level === level).map((r) => r.code);
    const users = await db.transaction((tx) => tx.rows<{ id: string; username: string }>(sql`
      SELECT id, username FROM iam_user WHERE username IN ${OFFICIALS.map((o) => o.username)}`));
    /** Request i of a level: who asks, for which region. */
    const request = (level: number, i: number) => {
      const official = i % 2 === 0 ? PROVINCE : OFFICIALS[level - 1]!;
      const inScope = atLevel(level).filter((c) => c.startsWith(official.regionCode.replace(/0+$/, '')));
      return { official, regionCode: pick(inScope, i) };
    };

    const server = await startBenchServer(db, new FieldCipher(Buffer.alloc(32, 7)));
    try {
      const cookies = new Map<string, string>();
      for (const o of OFFICIALS) cookies.set(o.username, await login(server.base, o.username));
      const http: Record<number, Percentiles> = {};
      for (const { level } of OFFICIALS) {
        const url = (code: string) => `${server.base}/api/v1/statistics/dashboard?regionCode=${code}`;
        await get(url(request(level, 0).regionCode), cookies.get(PROVINCE.username)!); // first of its kind: plans, caches
        const times = await concurrently(async (i) => {
          const { official, regionCode } = request(level, i);
          const started = performance.now();
          const body = await get(url(regionCode), cookies.get(official.username)!);
          const ms = performance.now() - started;
          if (body.regionCode !== regionCode || body.month !== STATS_MONTH || body.headlines.length === 0 || (level < 5 && body.children.length === 0)) {
            throw new Error(`stats-dashboard: unexpected answer for ${regionCode} as ${official.username}`);
          }
          return ms;
        }, LOAD);
        const p = (http[level] = percentiles(times));
        log(`  HTTP ${LEVEL_NAMES[level]}级 (level ${level}) n=${times.length} p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms  max ${p.max.toFixed(1)} ms`
          + `  (target p95 < ${TARGET_MS} ms${p.p95 >= TARGET_MS ? ' — MISSED' : ''})`);
      }

      // Baseline: the same requests as direct service calls in a scoped transaction.
      const idOf = (username: string) => users.find((u) => u.username === username)!.id;
      const direct = percentiles(await concurrently(async (i) => {
        const level = 1 + (i % 5);
        const { official, regionCode } = request(level, Math.floor(i / 5));
        const started = performance.now();
        await server.serverDb.transaction((tx) => dashboard(tx, official.regionCode, { regionCode }),
          { scope: { actorId: idOf(official.username), regionCode: official.regionCode } });
        return performance.now() - started;
      }, LOAD));
      log(`  direct dashboard() n=${LOAD.clients * LOAD.requestsPerClient} p50 ${direct.p50.toFixed(1)} ms  p95 ${direct.p95.toFixed(1)} ms  max ${direct.max.toFixed(1)} ms`);
      const worst = Math.max(...Object.values(http).map((p) => p.p95));
      log(`summary: worst level p95 ${worst.toFixed(1)} ms over HTTP (target < ${TARGET_MS} ms), direct p95 ${direct.p95.toFixed(1)} ms`);
      return { seconds: worst / 1000, baselineSeconds: direct.p95 / 1000, size };
    } finally {
      await server.close();
    }
  },
};
