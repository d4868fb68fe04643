/**
 * The indicators of the modules whose facts exist today: 社会救助 (assistance), 资金发放 (payments)
 * and 核对监测 (verification). Their fact sources are in `server/sources/`. A module landing later
 * registers its own through `registerIndicators()` of `@mz/statistics/server`.
 */
import type { IndicatorDefinition } from './indicator.catalog.ts';

type Count = Pick<IndicatorDefinition, 'code' | 'name' | 'unit' | 'group' | 'numerator' | 'sourceModule' | 'source' | 'numeratorMeasure' | 'nature'>
  & Partial<Pick<IndicatorDefinition, 'headline' | 'period' | 'format'>>;

/** A count or amount: additive, no denominator. */
export function countIndicator(c: Count, order: number): IndicatorDefinition {
  return {
    denominator: null, denominatorMeasure: null, scale: 1, additive: true, refresh: 'job', format: 'count', headline: false, period: 'month',
    ...c, order,
  };
}

const ASSIST = '社会救助';
const MONEY = '资金发放';
const ALERTS = '核对监测';
const IN_PAY = '当月在保（待遇台账中当月有效的按月待遇，含暂停发放）';

const dibao = (code: string, name: string, unit: string, measure: string, what: string, headline = false) => countIndicator({
  code, name, unit, group: ASSIST, numerator: `${IN_PAY}的低保${what}`, sourceModule: 'assistance', source: 'assistance.dibao',
  numeratorMeasure: measure, nature: 'stock', headline,
}, 0);

const tekun = (code: string, name: string, measure: string, what: string, headline = false) => countIndicator({
  code, name, unit: '人', group: ASSIST, numerator: `${IN_PAY}的特困供养人员${what}`, sourceModule: 'assistance', source: 'assistance.tekun',
  numeratorMeasure: measure, nature: 'stock', headline,
}, 0);

/** 'spending.<programme>': what the month's approved rolls pay for one programme (payments' programme code). */
export function spendingIndicator(programme: string, name: string, order: number, headline = false): IndicatorDefinition {
  return countIndicator({
    code: `spending.${programme}`, name, unit: '元', group: MONEY, format: 'fen', headline,
    numerator: `当月已审批发放表（已审批、已导出、已回盘、已对账）中该项目应发金额（按月、一次性、补发、重发，扣除抵扣；追回不计）`,
    sourceModule: 'payments', source: 'payments.spending', numeratorMeasure: `p_${programme}`, nature: 'flow',
  }, order);
}

const list: IndicatorDefinition[] = [
  dibao('dibao.households', '低保户数', '户', 'households', '家庭户数', true),
  dibao('dibao.households.urban', '城市低保户数', '户', 'urban_households', '家庭中申请时为城镇户籍的户数'),
  dibao('dibao.households.rural', '农村低保户数', '户', 'rural_households', '家庭中申请时为农村户籍的户数'),
  dibao('dibao.persons', '低保人数', '人', 'persons', '保障人数（各户待遇所计人数之和）', true),
  dibao('dibao.persons.urban', '城市低保人数', '人', 'urban_persons', '城镇户籍家庭的保障人数'),
  dibao('dibao.persons.rural', '农村低保人数', '人', 'rural_persons', '农村户籍家庭的保障人数'),
  {
    code: 'dibao.standard.avg', name: '低保平均标准', unit: '元/人·月', group: ASSIST,
    numerator: `${IN_PAY}的低保家庭，按各户核定时适用的低保标准乘以保障人数求和`,
    denominator: '同口径的保障人数（核定明细中载明标准的家庭）',
    sourceModule: 'assistance', source: 'assistance.dibao', numeratorMeasure: 'standard_person_fen', denominatorMeasure: 'standard_persons',
    scale: 1, period: 'month', nature: 'stock', additive: false, refresh: 'job', format: 'fen', headline: false, order: 0,
  },
  tekun('tekun.persons', '特困供养人数', 'persons', '人数', true),
  tekun('tekun.persons.centralized', '集中供养特困人数', 'centralized', '中选择集中供养的人数'),
  tekun('tekun.persons.dispersed', '分散供养特困人数', 'dispersed', '中选择分散供养（含未载明供养方式）的人数'),
  countIndicator({
    code: 'linshi.cases', name: '临时救助人次', unit: '人次', group: ASSIST, headline: true,
    numerator: '当月发放月份的临时救助待遇（一次性，含分期发放的当期；以决定时的有效版本计）', sourceModule: 'assistance', source: 'assistance.linshi',
    numeratorMeasure: 'cases', nature: 'flow',
  }, 0),
  countIndicator({
    code: 'linshi.amount', name: '临时救助金额', unit: '元', group: ASSIST, format: 'fen',
    numerator: '同上各次临时救助的金额之和', sourceModule: 'assistance', source: 'assistance.linshi', numeratorMeasure: 'amount_fen', nature: 'flow',
  }, 0),
  countIndicator({
    code: 'spending.total', name: '资金发放合计', unit: '元', group: MONEY, format: 'fen', headline: true,
    numerator: '当月已审批发放表中全部项目的应发金额（口径同各项目）', sourceModule: 'payments', source: 'payments.spending',
    numeratorMeasure: 'total_fen', nature: 'flow',
  }, 0),
  spendingIndicator('dibao', '低保资金发放', 0),
  spendingIndicator('tekun', '特困供养资金发放', 0),
  spendingIndicator('linshi', '临时救助资金发放', 0),
  countIndicator({
    code: 'alerts.open', name: '未办结预警', unit: '条', group: ALERTS, headline: true,
    numerator: '月末尚未处置的监测预警（当月及以前发现，月末仍未维持、转办或待调整处置）', sourceModule: 'verification', source: 'verification.alerts',
    numeratorMeasure: 'open_at_end', nature: 'stock',
  }, 0),
  countIndicator({
    code: 'alerts.raised', name: '新发现预警', unit: '条', group: ALERTS, numerator: '当月发现的监测预警',
    sourceModule: 'verification', source: 'verification.alerts', numeratorMeasure: 'raised', nature: 'flow',
  }, 0),
  countIndicator({
    code: 'alerts.handled', name: '已处置预警', unit: '条', group: ALERTS, numerator: '当月作出处置（维持、转办、需调整待遇）的监测预警',
    sourceModule: 'verification', source: 'verification.alerts', numeratorMeasure: 'handled', nature: 'flow',
  }, 0),
];

/** The built-in catalogue, numbered in the order listed. */
export const BUILTIN_INDICATORS: readonly IndicatorDefinition[] = list.map((d, i) => ({ ...d, order: (i + 1) * 10 }));
