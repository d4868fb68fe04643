/**
 * Policy parameters for the demo jurisdiction, so a fresh demo can calculate 低保, 特困 and 临时救助
 * cases at once: 吉林省 sets the provincial rules, 长春市 its own standards (a 设区的市 may,
 * 救助法第十九条), and 二道区 two county-level settings, which shows inheritance and overrides on the
 * parameters page. The 低保 standards have an older (2025) and a newer (2026) row so the history
 * view and "effective on date" resolution have something to show.
 *
 * ALL FIGURES ARE DEMO DATA, chosen to be plausible for 吉林 in 2025–2026; none is an official
 * figure and none may be used for a real case. Only seeded outside production (bootstrap).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { parseParamValue, type ParamValue } from '../../domain/index.ts';

const JILIN = '220000000000';
const CHANGCHUN = '220100000000';
const ERDAO = '220105000000';

export interface DemoParamRow {
  regionCode: string;
  key: string;
  value: ParamValue;
  effectiveFrom: string;
  note: string;
}

const DEMO = '演示数据，非官方标准';
const row = (regionCode: string, key: string, value: ParamValue, effectiveFrom: string, note: string): DemoParamRow => ({
  regionCode, key, value, effectiveFrom, note: `${note}（${DEMO}）`,
});

/** Money in fen, written from yuan so the figures read as they would in a notice. */
const yuan = (amount: number) => amount * 100;

export const DEMO_ASSISTANCE_PARAMS: readonly DemoParamRow[] = [
  // ── 吉林省: provincial guidance standards and the rules every city inherits ──
  row(JILIN, 'dibao.standard.urban', yuan(720), '2025-01-01', '全省城市低保指导标准'),
  row(JILIN, 'dibao.standard.urban', yuan(750), '2026-01-01', '全省城市低保指导标准（2026年调整）'),
  row(JILIN, 'dibao.standard.rural', yuan(520), '2025-01-01', '全省农村低保指导标准'),
  row(JILIN, 'dibao.standard.rural', yuan(550), '2026-01-01', '全省农村低保指导标准（2026年调整）'),
  row(JILIN, 'dibao.confirmingLevel', 'county', '2025-01-01', '低保由县级民政部门审核确认'),
  row(JILIN, 'dibao.edgeMultiplier', '1.5', '2025-01-01', '低保边缘家庭：人均收入低于低保标准1.5倍'),
  row(JILIN, 'dibao.property.financialPerCapitaMax', yuan(20_000), '2025-01-01', '家庭人均存款及有价证券不超过2万元'),
  row(JILIN, 'dibao.property.vehicleCountMax', 1, '2025-01-01', '最多1辆机动车（残疾人功能性补偿代步车除外）'),
  row(JILIN, 'dibao.property.vehicleValueMax', yuan(50_000), '2025-01-01', '机动车总价值不超过5万元'),
  row(JILIN, 'dibao.property.houseCountMax', 1, '2025-01-01', '最多1套住房'),
  row(JILIN, 'dibao.property.businessCountMax', 0, '2025-01-01', '家庭成员名下无市场主体'),
  // 分类施保 as a share of the standard per person and month.
  row(JILIN, 'dibao.supplement.severe_disability.ratio', '0.3', '2025-01-01', '重度残疾人按低保标准的30%增发'),
  row(JILIN, 'dibao.supplement.minor.ratio', '0.2', '2025-01-01', '未成年人按低保标准的20%增发'),
  row(JILIN, 'dibao.supplement.serious_illness.ratio', '0.2', '2025-01-01', '重病患者按低保标准的20%增发'),
  row(JILIN, 'dibao.supplement.elderly.ratio', '0.1', '2025-01-01', '老年人按低保标准的10%增发'),
  row(JILIN, 'dibao.rigid.disposableIncome.urban', yuan(40_000), '2025-01-01', '刚性支出困难家庭：上年度城镇居民人均可支配收入'),
  row(JILIN, 'dibao.rigid.disposableIncome.rural', yuan(20_000), '2025-01-01', '刚性支出困难家庭：上年度农村居民人均可支配收入'),
  row(JILIN, 'dibao.rigid.spendingShare', '0.5', '2025-01-01', '刚性支出困难家庭：刚性支出超过家庭总收入的50%'),
  row(JILIN, 'tekun.confirmingLevel', 'county', '2025-01-01', '特困人员由县级民政部门认定'),
  row(JILIN, 'tekun.basic.ratio', '1.3', '2025-01-01', '基本生活标准为当地低保标准的1.3倍'),
  row(JILIN, 'tekun.care.previousYearMinimumWage', yuan(2_120), '2025-01-01', '上年度最低月工资标准（一类地区）'),
  row(JILIN, 'tekun.care.centralized.full.ratio', '0.5', '2025-01-01', '集中供养全护理：最低月工资的50%'),
  row(JILIN, 'tekun.care.centralized.semi.ratio', '0.3', '2025-01-01', '集中供养半护理：最低月工资的30%'),
  row(JILIN, 'tekun.care.centralized.self.ratio', '0.1', '2025-01-01', '集中供养全自理：最低月工资的10%'),
  row(JILIN, 'tekun.care.dispersed.full.ratio', '0.4', '2025-01-01', '分散供养全护理：最低月工资的40%'),
  row(JILIN, 'tekun.care.dispersed.semi.ratio', '0.25', '2025-01-01', '分散供养半护理：最低月工资的25%'),
  row(JILIN, 'tekun.care.dispersed.self.ratio', '0.08', '2025-01-01', '分散供养全自理：最低月工资的8%'),
  row(JILIN, 'linshi.townshipQuota.ratio', '4', '2025-01-01', '乡镇（街道）可直接审批4倍月低保标准以内的临时救助'),
  row(JILIN, 'linshi.cap.emergency.ratio', '6', '2025-01-01', '急难型救助一般不超过6倍月低保标准'),
  row(JILIN, 'linshi.cap.expenditure.ratio', '10', '2025-01-01', '支出型救助一般不超过10倍月低保标准'),

  // ── 长春市: the city sets its own standards above the provincial guidance ──
  row(CHANGCHUN, 'dibao.standard.urban', yuan(790), '2025-01-01', '长春市城市低保标准'),
  row(CHANGCHUN, 'dibao.standard.urban', yuan(820), '2026-01-01', '长春市城市低保标准（2026年调整）'),
  row(CHANGCHUN, 'dibao.standard.rural', yuan(580), '2025-01-01', '长春市农村低保标准'),
  row(CHANGCHUN, 'dibao.standard.rural', yuan(610), '2026-01-01', '长春市农村低保标准（2026年调整）'),

  // ── 二道区: county-level settings that override what the province set ──
  row(ERDAO, 'dibao.supplement.severe_disability.ratio', '0.35', '2025-07-01', '二道区重度残疾人增发比例提高到35%'),
  row(ERDAO, 'linshi.townshipQuota.fixed', yuan(3_000), '2025-07-01', '二道区街道审批额度为3000元'),
];

/**
 * Inserts the demo parameters once: if the table holds any row (demo or set by an official), it
 * does nothing, so an operator's own figures are never mixed with demo ones. Rows for regions not
 * loaded (a deployment restricted to another province) are left out rather than failing. Returns
 * the number of rows inserted.
 */
export async function seedDemoAssistanceParams(db: Database): Promise<number> {
  // Validate against the catalog first: a typo in a key or unit here must fail loudly, not at the first case.
  const rows = DEMO_ASSISTANCE_PARAMS.map((r) => ({
    region_code: r.regionCode,
    key: r.key,
    value: parseParamValue(r.key, r.value),
    effective_from: r.effectiveFrom,
    note: r.note,
  }));
  return db.transaction((tx) =>
    // One statement: the emptiness check and the insert see the same snapshot; two processes
    // starting together on PostgreSQL both pass the check, and the unique key lets one of them win.
    tx.run(sql`
      INSERT INTO assistance_policy_param (region_code, key, value, effective_from, note, created_by_name)
      SELECT r.region_code, r.key, r.value, r.effective_from, r.note, '系统（演示数据）'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS r(region_code varchar, key text, value jsonb, effective_from date, note text)
      JOIN region ON region.code = r.region_code
      WHERE NOT EXISTS (SELECT 1 FROM assistance_policy_param)
      ON CONFLICT (region_code, key, effective_from) DO NOTHING`),
  );
}
