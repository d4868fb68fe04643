/**
 * The items of GB/T 42195-2022 《老年人能力评估规范》 Appendix B: four dimensions (一级指标), 26 items
 * (二级指标), each with its maximum and the options an assessor picks from. Item list, maxima and
 * option texts follow /work/shared/domain/rules.md section 7.1 (transcribed from the standard's
 * Appendix B in public code [secondary]; confirm against the purchased standard before release).
 *
 * Where rules.md gives no option wording (视力, 听力, 使用交通工具外出) the texts below describe the
 * score steps in plain words and are marked `wording: 'derived'` [unconfirmed]: the scores are from
 * the rules, the words are not.
 */

export type DimensionCode = 'B1' | 'B2' | 'B3' | 'B4';

export interface AssessmentOption {
  score: number;
  text: string;
}

export interface AssessmentItem {
  /** Stable code stored with the answers, e.g. `B1.1`. */
  code: string;
  dimension: DimensionCode;
  name: string;
  max: number;
  /** Highest score first, as the paper form lists them. */
  options: readonly AssessmentOption[];
  /** 'rules': wording from rules.md 7.1; 'derived': our plain wording of the score steps [unconfirmed]. */
  wording: 'rules' | 'derived';
}

export interface AssessmentDimension {
  code: DimensionCode;
  name: string;
  max: number;
}

export const DIMENSIONS: readonly AssessmentDimension[] = [
  { code: 'B1', name: '自理能力', max: 32 },
  { code: 'B2', name: '基础运动能力', max: 15 },
  { code: 'B3', name: '精神状态', max: 28 },
  { code: 'B4', name: '感知觉与社会参与', max: 15 },
];

export const TOTAL_MAX = 90;

/** rules.md 7.1, "Typical 5-point item (0–4)". */
const FIVE_POINT: readonly AssessmentOption[] = [
  { score: 4, text: '独立完成' },
  { score: 3, text: '在他人指导或提示下完成' },
  { score: 2, text: '需要他人协助但以自身完成为主' },
  { score: 1, text: '主要依靠他人协助、自身能给予配合' },
  { score: 0, text: '完全依赖他人协助且不能配合' },
];

/** rules.md 7.1: 上下楼梯 3 独立 (10–15 steps), 2 指导/提示, 1 协助但以自身为主, 0 主要依靠他人/完全依赖. */
const STAIRS: readonly AssessmentOption[] = [
  { score: 3, text: '独立上下楼梯（连续上下10–15个台阶）' },
  { score: 2, text: '在他人指导或提示下完成' },
  { score: 1, text: '需要他人协助但以自身完成为主' },
  { score: 0, text: '主要依靠他人协助或完全依赖他人' },
];

/** rules.md 7.1: 攻击行为 and 抑郁症状: 1 未出现 / 0 近一个月内出现. */
const SEEN_LAST_MONTH: readonly AssessmentOption[] = [
  { score: 1, text: '未出现' },
  { score: 0, text: '近一个月内出现' },
];

/** rules.md 7.1: 意识水平: 2 清醒 / 1 嗜睡或意识模糊 / 0 昏睡或昏迷. */
const CONSCIOUSNESS: readonly AssessmentOption[] = [
  { score: 2, text: '清醒' },
  { score: 1, text: '嗜睡或意识模糊' },
  { score: 0, text: '昏睡或昏迷' },
];

// [unconfirmed] wording: rules.md gives only the maxima of these three items.
const VISION: readonly AssessmentOption[] = [
  { score: 2, text: '视力正常或基本正常' },
  { score: 1, text: '视力受损，日常生活受一定影响' },
  { score: 0, text: '视力严重受损或失明' },
];
const HEARING: readonly AssessmentOption[] = [
  { score: 2, text: '听力正常或基本正常' },
  { score: 1, text: '听力受损，需提高音量或借助助听器' },
  { score: 0, text: '听力严重受损或完全失聪' },
];
const TRANSPORT: readonly AssessmentOption[] = [
  { score: 3, text: '能独立使用交通工具外出' },
  { score: 2, text: '在他人指导或提示下使用交通工具外出' },
  { score: 1, text: '需要他人陪同协助才能外出' },
  { score: 0, text: '不能外出或完全依赖他人' },
];

function item(dimension: DimensionCode, n: number, name: string, options: readonly AssessmentOption[], wording: 'rules' | 'derived' = 'rules'): AssessmentItem {
  return { code: `${dimension}.${n}`, dimension, name, max: options[0]!.score, options, wording };
}

/** The 26 items in form order. */
export const ASSESSMENT_ITEMS: readonly AssessmentItem[] = [
  item('B1', 1, '进食', FIVE_POINT),
  item('B1', 2, '修饰', FIVE_POINT),
  item('B1', 3, '洗澡', FIVE_POINT),
  item('B1', 4, '穿/脱上衣', FIVE_POINT),
  item('B1', 5, '穿/脱裤子和鞋袜', FIVE_POINT),
  item('B1', 6, '小便控制', FIVE_POINT),
  item('B1', 7, '大便控制', FIVE_POINT),
  item('B1', 8, '如厕', FIVE_POINT),
  item('B2', 1, '床上体位转移', FIVE_POINT),
  item('B2', 2, '床椅转移', FIVE_POINT),
  item('B2', 3, '平地行走', FIVE_POINT),
  item('B2', 4, '上下楼梯', STAIRS),
  item('B3', 1, '时间定向', FIVE_POINT),
  item('B3', 2, '空间定向', FIVE_POINT),
  item('B3', 3, '人物定向', FIVE_POINT),
  item('B3', 4, '记忆', FIVE_POINT),
  item('B3', 5, '理解能力', FIVE_POINT),
  item('B3', 6, '表达能力', FIVE_POINT),
  item('B3', 7, '攻击行为', SEEN_LAST_MONTH),
  item('B3', 8, '抑郁症状', SEEN_LAST_MONTH),
  item('B3', 9, '意识水平', CONSCIOUSNESS),
  item('B4', 1, '视力', VISION, 'derived'),
  item('B4', 2, '听力', HEARING, 'derived'),
  item('B4', 3, '执行日常事务', FIVE_POINT),
  item('B4', 4, '使用交通工具外出', TRANSPORT, 'derived'),
  item('B4', 5, '社会交往能力', FIVE_POINT),
];

/** 意识水平: its score 0 (昏睡或昏迷) triggers the coma rule. */
export const CONSCIOUSNESS_ITEM = 'B3.9';

const BY_CODE = new Map(ASSESSMENT_ITEMS.map((i) => [i.code, i]));

export function findItem(code: string): AssessmentItem | undefined {
  return BY_CODE.get(code);
}

export function itemsOf(dimension: DimensionCode): AssessmentItem[] {
  return ASSESSMENT_ITEMS.filter((i) => i.dimension === dimension);
}

export function optionText(code: string, score: number): string | undefined {
  return findItem(code)?.options.find((o) => o.score === score)?.text;
}
