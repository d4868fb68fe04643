/**
 * Every locally-set number of 低保, 特困供养 and 临时救助 as a policy parameter.
 *
 * National law fixes procedures and only a few numbers; standards, limits, multipliers and quotas
 * are set by the province, the 设区的市 or the county and change over time (rules.md, "Where sources
 * disagree"). So each is a key here, and a region sets it as effective-dated rows
 * (`POST /assistance/params`), inherited by the regions below it (params.resolve.ts).
 *
 * A key without `default` is required: the calculators refuse to work until a region above the case
 * has set it (the 低保 standards, the property limits). `default: null` means optional and "off"
 * until set (no floor, no banding, no supplement). Otherwise `default` is the national rule or the
 * common value the rules name, with the source in `basis`.
 */
import { z } from 'zod';
import { invalid, isIsoDate, isValidRegionCode, normalizeRegionCode } from '@mz/kernel';
import { CARE_MODES, CARE_TIERS, DECIDING_LEVELS, DIBAO_CATEGORIES, type ParamUnit, type Programme } from './labels.ts';

export type { ParamUnit };

/** Stored value by unit: fen/count/days/months are integers, ratios are decimal strings ('0.2', '1.5'), levels are 'county'|'township'. */
export type ParamValue = number | string | null;

export interface ParamDef {
  name: string;
  unit: ParamUnit;
  programme: Programme;
  /** Absent = required; null = optional and off until set; otherwise the national/common default. */
  default?: ParamValue;
  /** Where the rule comes from; shown beside the value on the parameters page. */
  basis: string;
  /** Bounds checked when a row is written (ratios compared numerically, never used for money). */
  min?: number;
  max?: number;
}

const fen = (programme: Programme, name: string, basis: string, dflt?: ParamValue): ParamDef =>
  dflt === undefined ? { name, unit: 'fen', programme, basis, min: 0 } : { name, unit: 'fen', programme, basis, default: dflt, min: 0 };
const ratio = (programme: Programme, name: string, basis: string, dflt: ParamValue | undefined, min = 0, max = 100): ParamDef =>
  dflt === undefined ? { name, unit: 'ratio', programme, basis, min, max } : { name, unit: 'ratio', programme, basis, default: dflt, min, max };
const count = (programme: Programme, name: string, basis: string, dflt?: ParamValue): ParamDef =>
  dflt === undefined ? { name, unit: 'count', programme, basis, min: 0, max: 1000 } : { name, unit: 'count', programme, basis, default: dflt, min: 0, max: 1000 };

const TIER_RATIO_DEFAULTS: Readonly<Record<keyof typeof CARE_MODES, Readonly<Record<keyof typeof CARE_TIERS, string>>>> = {
  // Anhui (中溪镇 2023): 集中供养 全护理/半护理/全自理 ≥ 50% / 30% / 4%, 分散供养 ≥ 35% / 20% / 3% of the previous year's minimum monthly wage.
  centralized: { full: '0.5', semi: '0.3', self: '0.04' },
  dispersed: { full: '0.35', semi: '0.2', self: '0.03' },
};

function supplementKeys(): Record<string, ParamDef> {
  const out: Record<string, ParamDef> = {};
  for (const [code, label] of Object.entries(DIBAO_CATEGORIES)) {
    const basis = '低保办法第二十七条（分类施保，标准由县级以上地方确定）';
    out[`dibao.supplement.${code}.ratio`] = ratio('dibao', `分类施保：${label}（按低保标准的比例）`, basis, null, 0, 10);
    out[`dibao.supplement.${code}.fixed`] = fen('dibao', `分类施保：${label}（固定金额，元/人·月）`, basis, null);
    out[`dibao.supplement.${code}.cap`] = fen('dibao', `分类施保：${label}（每人每月上限）`, basis, null);
  }
  return out;
}

function careKeys(): Record<string, ParamDef> {
  const out: Record<string, ParamDef> = {};
  for (const [mode, modeLabel] of Object.entries(CARE_MODES) as [keyof typeof CARE_MODES, string][]) {
    for (const [tier, tierLabel] of Object.entries(CARE_TIERS) as [keyof typeof CARE_TIERS, string][]) {
      const basis = '救助法第十七条；特困办法第二十二条；默认值为安徽省示例（上年度最低月工资标准的百分比）';
      out[`tekun.care.${mode}.${tier}.ratio`] = ratio('tekun', `照料护理标准：${modeLabel}${tierLabel}（按上年度最低月工资标准的比例）`, basis, TIER_RATIO_DEFAULTS[mode][tier], 0, 5);
      out[`tekun.care.${mode}.${tier}.fixed`] = fen('tekun', `照料护理标准：${modeLabel}${tierLabel}（固定金额，元/月）`, basis, null);
    }
  }
  return out;
}

export const PARAM_CATALOG: Readonly<Record<string, ParamDef>> = {
  // ── 低保 ──────────────────────────────────────────────────────────────────────────────
  // The standards have no national value: the province or 设区的市 sets them (救助法第十九条; 暂行办法第十条).
  'dibao.standard.urban': fen('dibao', '城市最低生活保障标准（元/人·月）', '暂行办法第十条；救助法第十九条'),
  'dibao.standard.rural': fen('dibao', '农村最低生活保障标准（元/人·月）', '暂行办法第十条；救助法第十九条'),
  'dibao.confirmingLevel': { name: '低保审核确认机关', unit: 'level', programme: 'dibao', default: 'county', basis: '低保办法第二条第二款；救助法第四十四条' },
  'dibao.timeLimit.county': { name: '低保办理时限（县级确认，工作日）', unit: 'days', programme: 'dibao', default: 30, basis: '低保办法第二十二条', min: 1, max: 45 },
  'dibao.timeLimit.township': { name: '低保办理时限（乡镇确认，工作日）', unit: 'days', programme: 'dibao', default: 20, basis: '2022通知四(一)', min: 1, max: 45 },
  'dibao.floorRatio': ratio('dibao', '低保金保底比例（按低保标准×保障人数）', '低保办法第二十三条；地方示例：南京20%', null, 0, 1),
  'dibao.singlePerson.floorRatio': ratio('dibao', '单人保保底比例（按低保标准）', '低保办法第八条；地方示例：杭州地区单列户30%', null, 0, 1),
  'dibao.band.a.incomeRatioMax': ratio('dibao', '分档一：家庭人均收入上限（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.band.a.payRatio': ratio('dibao', '分档一：每人发放额（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.band.b.incomeRatioMax': ratio('dibao', '分档二：家庭人均收入上限（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.band.b.payRatio': ratio('dibao', '分档二：每人发放额（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.band.c.incomeRatioMax': ratio('dibao', '分档三：家庭人均收入上限（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.band.c.payRatio': ratio('dibao', '分档三：每人发放额（按低保标准的比例）', '低保办法第二十三条（分档发放）', null, 0, 1),
  'dibao.edgeMultiplier': ratio('dibao', '低保边缘家庭认定倍数（家庭人均收入低于低保标准的倍数）', '低保办法第八条第二款；2022通知一(四)；救助法第二十一条', '1.5', 1, 10),
  // How long a 低保边缘家庭 recognition stands before the family is assessed again. The national
  // texts require regular 动态监测 but fix no period; 12 months is the common local rule and the
  // ceiling the 刚性支出困难家庭认定办法第十条 sets for the neighbouring category.
  'dibao.edge.validityMonths': { name: '低保边缘家庭认定有效期（月）', unit: 'months', programme: 'dibao', default: 12, basis: '低保办法第八条第二款；2023意见二；刚性支出困难家庭认定办法第十条（不超过12个月）', min: 1, max: 36 },
  // 刚性支出困难家庭 (刚性支出困难家庭认定办法, 2025): every number is local. The income line is the
  // previous year's per-capita disposable income the statistics office publishes (annual, urban
  // and rural); the spending share is what the province sets. Unset = the category is not yet
  // configured here and recognition says which key is missing.
  'dibao.rigid.disposableIncome.urban': fen('dibao', '刚性支出困难家庭：上年度城镇居民人均可支配收入（元/人·年）', '刚性支出困难家庭认定办法第四条', null),
  'dibao.rigid.disposableIncome.rural': fen('dibao', '刚性支出困难家庭：上年度农村居民人均可支配收入（元/人·年）', '刚性支出困难家庭认定办法第四条', null),
  'dibao.rigid.spendingShare': ratio('dibao', '刚性支出困难家庭：刚性支出超过家庭总收入的比例', '刚性支出困难家庭认定办法第四条（比例由地方确定）', null, 0, 10),
  'dibao.rigid.property.financialPerCapitaMax': fen('dibao', '刚性支出困难家庭：人均存款及有价证券上限（未设置时按低保规定）', '刚性支出困难家庭认定办法第四条（财产状况符合当地规定）', null),
  'dibao.rigid.validityMonths': { name: '刚性支出困难家庭认定有效期（月）', unit: 'months', programme: 'dibao', default: 12, basis: '刚性支出困难家庭认定办法第十条（不超过12个月）', min: 1, max: 12 },
  'dibao.rigid.decisionWorkingDays': { name: '刚性支出困难家庭认定时限（工作日）', unit: 'days', programme: 'dibao', default: 30, basis: '刚性支出困难家庭认定办法第八条（特殊情况可延长至45个工作日）', min: 1, max: 45 },
  'dibao.taperMonthsMax': { name: '渐退期最长月数', unit: 'months', programme: 'dibao', default: 6, basis: '低保办法第三十三条；2022通知一(三)', min: 0, max: 24 },
  'dibao.recheck.stableMonths': { name: '复核周期：收入来源稳定的家庭（月）', unit: 'months', programme: 'dibao', default: 12, basis: '低保办法第三十一条', min: 1, max: 24 },
  'dibao.recheck.unstableMonths': { name: '复核周期：收入不稳定或有劳动能力成员的家庭（月）', unit: 'months', programme: 'dibao', default: 6, basis: '低保办法第三十一条', min: 1, max: 24 },
  'dibao.deduction.employmentCostCap': fen('dibao', '就业成本扣减上限（每名就业人员每月）', '低保办法第十三条第三款；地方示例：残疾人就业扣减当地最低工资的50%', null),
  'dibao.supplement.perPersonCategories': count('dibao', '分类施保每人最多享受的类别数（按金额从高到低）', '低保办法第二十七条；多数地方“就高不叠加”', 1),
  ...supplementKeys(),
  // Property limits are local (低保办法第十四条; 救助法第二十三条): no national default.
  'dibao.property.financialPerCapitaMax': fen('dibao', '家庭人均存款及有价证券上限', '低保办法第十四条'),
  'dibao.property.vehicleCountMax': count('dibao', '家庭可拥有的机动车辆数上限（不含残疾人功能性补偿代步车等当地豁免车辆）', '低保办法第十四条'),
  'dibao.property.vehicleValueMax': fen('dibao', '家庭机动车辆总价值上限', '低保办法第十四条', null),
  'dibao.property.houseCountMax': count('dibao', '家庭可拥有的住房套数上限', '低保办法第十四条'),
  'dibao.property.businessCountMax': count('dibao', '家庭成员可登记的市场主体（经营实体）数上限', '低保办法第十四条'),

  // ── 特困供养 ─────────────────────────────────────────────────────────────────────────────
  'tekun.confirmingLevel': { name: '特困人员认定机关', unit: 'level', programme: 'tekun', default: 'county', basis: '特困办法第二十八条；救助法第四十四条' },
  'tekun.basic.ratio': ratio('tekun', '基本生活标准（低保标准的倍数）', '救助法第十七条；多地规定不低于低保标准的1.3倍', '1.3', 1, 10),
  'tekun.basic.fixed': fen('tekun', '基本生活标准（固定金额，元/月）', '救助法第十七条', null),
  'tekun.care.previousYearMinimumWage': fen('tekun', '上年度最低月工资标准（照料护理标准基数）', '救助法第十七条；地方规定照料护理标准按上年度最低月工资标准的比例确定'),
  ...careKeys(),
  'tekun.care.selfTierCap': fen('tekun', '全自理照料护理标准上限（不高于重度残疾人护理补贴标准）', '地方示例：安徽省', null),
  'tekun.spotCheckRatio': ratio('tekun', '县级抽查比例', '特困办法第十六条（不低于30%）', '0.3', 0.3, 1),
  // 特困办法第七条: property rules by 设区的市. Unset = the 低保 property limits apply to the person alone.
  'tekun.property.financialMax': fen('tekun', '特困人员存款及有价证券上限（未设置时按低保人均上限）', '特困办法第七条', null),
  'tekun.property.vehicleCountMax': count('tekun', '特困人员机动车辆数上限（未设置时按低保规定）', '特困办法第七条', null),
  'tekun.property.houseCountMax': count('tekun', '特困人员住房套数上限（未设置时按低保规定）', '特困办法第七条', null),
  'tekun.property.businessCountMax': count('tekun', '特困人员市场主体数上限（未设置时按低保规定）', '特困办法第七条', null),

  // ── 临时救助 ─────────────────────────────────────────────────────────────────────────────
  // Unset quota = no delegation: the county approves everything (暂行办法第四十八条 makes delegation optional).
  'linshi.townshipQuota.ratio': ratio('linshi', '乡镇审批额度（月低保标准的倍数）', '暂行办法第四十八条；地方示例：宁国4倍', null, 0, 100),
  'linshi.townshipQuota.fixed': fen('linshi', '乡镇审批额度（固定金额）', '暂行办法第四十八条；地方示例：邹平2000元', null),
  'linshi.cap.emergency.ratio': ratio('linshi', '急难型救助上限（月低保标准的倍数）', '暂行办法第四十九条；地方示例：2至6倍、不超过10倍', null, 0, 100),
  'linshi.cap.emergency.fixed': fen('linshi', '急难型救助上限（固定金额）', '暂行办法第四十九条', null),
  'linshi.cap.expenditure.ratio': ratio('linshi', '支出型救助上限（月低保标准的倍数）', '暂行办法第四十九条；地方示例：2至6倍、不超过10倍', null, 0, 100),
  'linshi.cap.expenditure.fixed': fen('linshi', '支出型救助上限（固定金额）', '暂行办法第四十九条', null),
  // 先行救助 exists to help at once: once the township has granted it, the money or goods must reach
  // the person within hours. The national texts say only "先行救助"; the hours are local.
  'linshi.advance.payHours': { name: '先行救助批准后发放时限（小时）', unit: 'hours', programme: 'linshi', default: 48, basis: '救助法第五十条；2023意见四(三)；地方示例：楚雄48小时，济宁、邹平24小时', min: 1, max: 240 },
  'linshi.advance.paperworkWorkingDays': { name: '先行救助补办手续时限（工作日）', unit: 'days', programme: 'linshi', default: 5, basis: '救助法第五十条；2023意见四(三)；地方示例：楚雄、济宁5个工作日，宁国20个工作日', min: 1, max: 60 },
  'linshi.publicityDays': { name: '临时救助公示期（日）', unit: 'days', programme: 'linshi', default: 7, basis: '暂行办法第四十八条（审核并公示）；公示天数由地方确定，默认与低保一致', min: 1, max: 30 },
};

export function paramDef(key: string): ParamDef {
  const def = PARAM_CATALOG[key];
  if (!def) throw invalid('未知的政策参数', [{ path: 'key', message: `没有名为 ${key} 的政策参数` }]);
  return def;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Checks a value against its key's unit and bounds and returns it in stored form. Used when a row
 * is written and again when rows are resolved (a bad row must never reach a calculator).
 * `null` is allowed for optional keys: a region may switch off a setting it inherits (e.g. a city
 * without the province's floor).
 */
export function parseParamValue(key: string, raw: unknown): ParamValue {
  const def = paramDef(key);
  const fail = (message: string) => invalid(`政策参数「${def.name}」的值不正确`, [{ path: 'value', message }], `${key} = ${JSON.stringify(raw)}`);
  if (raw === null || raw === undefined || raw === '') {
    if (def.default === undefined) throw fail('该参数必须设置，不能为空');
    return null;
  }
  const bounds = (n: number, shown: string) => {
    if (def.min !== undefined && n < def.min) throw fail(`不能小于 ${def.min}，收到 ${shown}`);
    if (def.max !== undefined && n > def.max) throw fail(`不能大于 ${def.max}，收到 ${shown}`);
  };
  switch (def.unit) {
    case 'fen':
    case 'count':
    case 'days':
    case 'months':
    case 'hours': {
      const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw fail(def.unit === 'fen' ? '应为以分为单位的整数' : '应为整数');
      }
      if (def.unit === 'fen') {
        if (n < 0) throw fail('金额不能为负数');
      } else {
        bounds(n, String(n));
      }
      return n;
    }
    case 'ratio': {
      // Numbers are accepted through their shortest decimal form so 0.2 stays exactly '0.2'.
      const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (!DECIMAL.test(text)) throw fail('应为不带符号的十进制小数，如 0.2、1.5');
      if ((text.split('.')[1]?.length ?? 0) > 6) throw fail('最多6位小数');
      bounds(Number(text), text);
      return text;
    }
    case 'level': {
      if (typeof raw !== 'string' || !(raw in DECIDING_LEVELS)) throw fail('应为 county（县级）或 township（乡镇）');
      return raw;
    }
  }
}

/** Body of POST /assistance/params. Rows are never edited: a new row supersedes from its date. */
export const paramInput = z
  .object({
    regionCode: z.string({ error: '请选择区划' }).trim()
      .refine(isValidRegionCode, '区划代码应为 2、4、6、9 或 12 位数字')
      .transform(normalizeRegionCode),
    key: z.string({ error: '请选择参数' }).refine((key) => key in PARAM_CATALOG, '没有这个政策参数'),
    value: z.unknown(),
    effectiveFrom: z.string({ error: '请填写生效日期' }).refine((v) => isIsoDate(v), '生效日期应为有效日期（YYYY-MM-DD）'),
    note: z.string().trim().max(500, '备注不超过 500 个字').optional().nullable(),
  })
  .transform((row, ctx) => {
    try {
      return { ...row, value: parseParamValue(row.key, row.value) };
    } catch (error) {
      const message = (error as { errors?: { message: string }[] }).errors?.[0]?.message ?? '参数值不正确';
      ctx.addIssue({ code: 'custom', path: ['value'], message });
      return z.NEVER;
    }
  });
export type ParamInput = z.output<typeof paramInput>;
