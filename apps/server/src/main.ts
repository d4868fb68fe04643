import { loadConfig } from './config.ts';
import { prepareDatabase } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { FieldCipher } from '@mz/crypto';
import { startJobRunner, type JobRunner } from '@mz/jobs/server';
import { DEMO_ACCOUNTS, DEFAULT_DEMO_PASSWORD } from '@mz/iam';
import { queueDueRefresh } from '@mz/statistics/server';

const config = loadConfig();
const say = (msg: string) => console.log(`[minzheng] ${msg}`);
say(config.database.engine === 'postgres' ? '数据库：PostgreSQL（DATABASE_URL）' : `数据库：内嵌 PGlite，数据目录 ${config.database.dataDir}`);

const cipher = new FieldCipher(config.dataKey());
const { db, demoAccounts } = await prepareDatabase(config, { log: say, demoPopulation: cipher });
const app = await buildApp({
  db, platform: config.platform, cipher, trustProxy: config.trustProxy, serveWeb: true,
  logger: { level: config.logLevel },
});

let jobs: JobRunner | undefined;
let schedule: NodeJS.Timeout | undefined;
let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  say(`收到 ${signal}，正在停止…`);
  clearInterval(schedule);
  await jobs?.stop().catch(() => undefined);
  await app.close().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
// Long work (imports) runs as jobs; any process may take them (SKIP LOCKED), this one included.
jobs = startJobRunner(db, { log: (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)) });
// Keeps the dashboards current: each minute, this month's statistics are queued for a refresh once
// they are older than MZ_STATS_REFRESH_MINUTES (the runner above, or any other process, takes it).
if (config.statsRefreshMinutes > 0) {
  const tick = () => queueDueRefresh(db, { everyMinutes: config.statsRefreshMinutes, deploymentRegion: config.platform.deploymentRegion })
    .catch((err) => app.log.error({ err }, 'scheduling the statistics refresh failed'));
  schedule = setInterval(tick, 60_000);
  schedule.unref();
  void tick();
}
const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/`;
say(`民政综合业务信息平台已启动：${url}`);
say(`接口文档：${url}api/docs`);
if (!config.production) {
  const pw = config.demoPassword === DEFAULT_DEMO_PASSWORD ? `${DEFAULT_DEMO_PASSWORD}（默认，可用 MZ_DEMO_PASSWORD 修改）` : '（MZ_DEMO_PASSWORD 所设）';
  say(`演示账号${demoAccounts.length ? '（本次新建）' : ''}：${DEMO_ACCOUNTS.map((a) => a.username).join('、')}，密码 ${pw}`);
} else {
  say('生产模式：未创建演示账号。首个管理员请用 `npm run cli -- create-admin` 创建。');
}
