import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from './config.ts';
import { prepareDatabase } from './bootstrap.ts';
import { createAdministrator } from '@mz/iam/server';
import { verifyAuditChain } from '@mz/audit/server';
import { FieldCipher } from '@mz/crypto';
import { seedPopulation } from '@mz/registry/server';
import { writeSampleDeliveries } from '@mz/verification/server';
import { checkMonth, refreshMonth } from '@mz/statistics/server';

const USAGE = `用法：npm run cli -- <命令> [选项]
  create-admin --username <用户名> --name <姓名> --region <区划代码>
               创建管理员（密码从 MZ_ADMIN_PASSWORD 读取，未设置则在终端输入）
  audit-verify 校验审计日志哈希链，报告第一条被篡改或缺失的记录（退出码 0 完好，1 有问题）
  migrate      只做数据库迁移、区划加载（和非生产模式下的演示账号）后退出
  generate --within <区划代码> --persons <人数> [--seed <种子>]
               在该区划下的村（社区）生成模拟人口与家庭（测试、演示、压测用；同一种子结果相同）
  verification-samples --within <区划代码> --out <目录> [--seed <种子>] [--as-of <YYYY-MM-DD>]
               按该区划的人口生成各核对数据来源的样例交付文件（CSV，与演示人口一致，可直接导入）
  stats-refresh --period <YYYY-MM>
               重新计算该月全部统计指标（五级区划，一个事务）
  stats-check --period <YYYY-MM>
               从原始记录重新计算该月指标并与已存数值比对，列出差异（退出码 0 一致，1 有差异）`;

const [command, ...rest] = process.argv.slice(2);
if (!command || command === 'help' || command === '--help') {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
const config = loadConfig();
const { db } = await prepareDatabase(config);
let code = 0;
try {
  if (command === 'create-admin') {
    const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' } } });
    if (!values.username || !values.name || !values.region) throw new Error('缺少参数。\n' + USAGE);
    const password = process.env.MZ_ADMIN_PASSWORD ?? (await ask('新管理员密码：'));
    const id = await createAdministrator(db, { username: values.username, displayName: values.name, regionCode: values.region, password });
    console.log(`已创建管理员 ${values.username}（${id}）`);
  } else if (command === 'audit-verify') {
    const report = await db.transaction((tx) => verifyAuditChain(tx));
    if (report.broken) {
      console.log(`审计日志链已损坏：第 ${report.broken.id} 条 —— ${report.broken.problem}（共 ${report.rows} 条）`);
      code = 1;
    } else {
      console.log(`审计日志链完好：共 ${report.rows} 条`);
    }
  } else if (command === 'generate') {
    const { values } = parseArgs({ args: rest, options: { within: { type: 'string' }, persons: { type: 'string' }, seed: { type: 'string' } } });
    const persons = Number(values.persons);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!values.within || !Number.isInteger(persons) || persons < 1 || !Number.isInteger(seed)) throw new Error('缺少或错误的参数。\n' + USAGE);
    if (config.production) throw new Error('生产模式下不生成模拟人口');
    const cipher = new FieldCipher(config.dataKey());
    const result = await seedPopulation(db, cipher, {
      within: values.within, persons, seed,
      onProgress: (done, total) => console.log(`已生成 ${done} / ${total} 人`),
    });
    console.log(`已生成 ${result.persons} 人、${result.households} 户（${result.seconds.toFixed(1)} 秒，每秒 ${Math.round(result.persons / result.seconds)} 人）`);
  } else if (command === 'verification-samples') {
    const { values } = parseArgs({ args: rest, options: { within: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } } });
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    const asOf = values['as-of'];
    if (!values.within || !/^\d{2,12}$/.test(values.within) || !values.out || !Number.isInteger(seed) || (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))) {
      throw new Error('缺少或错误的参数。\n' + USAGE);
    }
    if (config.production) throw new Error('生产模式下不生成样例数据');
    const result = await writeSampleDeliveries(db, new FieldCipher(config.dataKey()), { within: values.within, outDir: values.out, seed, ...(asOf ? { asOf } : {}) });
    for (const f of result.files) console.log(`${f.file}：${f.rows} 行（${f.source}）`);
    console.log(`共 ${result.files.length} 个文件，取自 ${result.persons} 人`);
  } else if (command === 'stats-refresh' || command === 'stats-check') {
    const { values } = parseArgs({ args: rest, options: { period: { type: 'string' } } });
    if (!values.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) throw new Error('缺少或错误的参数 --period（YYYY-MM）。\n' + USAGE);
    if (command === 'stats-refresh') {
      const r = await refreshMonth(db, values.period, { actorId: null, actorName: '命令行', actorRegion: null, ip: null });
      for (const s of r.sources) console.log(`${s.code}：${s.indicators} 项指标，${s.rows} 个区划值（${s.milliseconds} 毫秒）`);
      console.log(`已刷新 ${r.month}：共 ${r.valueRows} 个区划值，${r.milliseconds} 毫秒`);
    } else {
      const r = await checkMonth(db, values.period);
      if (!r.refreshed) console.log(`${r.month} 尚未刷新过统计指标`);
      for (const d of r.sample) {
        const show = (p: { numerator: number; denominator: number | null } | null) => (p === null ? '无' : p.denominator === null ? String(p.numerator) : `${p.numerator}/${p.denominator}`);
        console.log(`${d.indicator} ${d.regionCode}：已存 ${show(d.stored)}，应为 ${show(d.expected)}`);
      }
      console.log(r.differences === 0 ? `${r.month} 统计指标与原始记录一致（比对 ${r.compared} 个区划值）` : `${r.month} 有 ${r.differences} 处差异（比对 ${r.compared} 个区划值）`);
      if (r.differences > 0) code = 1;
    }
  } else if (command === 'migrate') {
    console.log('数据库已就绪');
  } else {
    console.error(`未知命令：${command}\n${USAGE}`);
    code = 2;
  }
} catch (err) {
  console.error((err as Error).message);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
