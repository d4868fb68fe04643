/**
 * 临时救助 amount and who approves it (暂行办法第四十七至四十九条; 救助法第二十九、五十条).
 *
 * Whether the difficulty is 突发、紧迫 is an official's judgement, not arithmetic; what is computed
 * is the grant within the local cap, whether the township may approve it (the delegated quota for
 * 金额较小 cases, 第四十八条), and whether 先行救助 is possible (急难型 within the township quota:
 * 救助法第五十条 "小金额先行救助，事后补充说明情况", 2023意见四(三)).
 */
import { invalid, multiplyFen, type Fen } from '@mz/kernel';
import type { HukouType } from '@mz/registry';
import { BreakdownBuilder, citeParam, yuan, type Breakdown } from './breakdown.ts';
import { dibaoStandard } from './dibao.calculator.ts';
import { LINSHI_TYPES, type DecidingLevel, type LinshiType } from './labels.ts';
import { moreSpecific, optionalParam, requireParam, type Cited, type ResolvedParams } from './params.resolve.ts';

export const LINSHI_RULE_VERSION = 'linshi/暂行办法2019/v1';

export interface LinshiCalcInput {
  type: LinshiType;
  /** Picks the monthly 低保 standard that caps and quotas are multiples of. */
  hukouType: HukouType;
  requestedFen: Fen;
  /** The applicant asks for 先行救助. */
  advance?: boolean | null;
}

/** A ratio of the monthly 低保 standard or a fixed sum, whichever the nearer region set. */
function ratioOrFixed(params: ResolvedParams, prefix: string, standard: Cited<number>): { amount: Fen; text: string; used: Cited<unknown>[] } | null {
  const ratio = optionalParam(params, `${prefix}.ratio`, 'ratio');
  const fixed = optionalParam(params, `${prefix}.fixed`, 'fen');
  const chosen = moreSpecific(ratio, fixed, params);
  if (!chosen) return null;
  if (ratio && chosen === ratio) {
    // Rounded down: a limit must never allow a fen more than the ratio gives.
    const amount = multiplyFen(standard.value, ratio.value, 'down');
    return { amount, text: `${citeParam(ratio)} ${ratio.value} × 月低保标准 ${yuan(standard.value)} = ${yuan(amount)}`, used: [ratio, standard] };
  }
  const amount = (chosen as Cited<number>).value;
  return { amount, text: `${citeParam(chosen)} ${yuan(amount)}`, used: [chosen] };
}

export function calculateLinshi(input: LinshiCalcInput, params: ResolvedParams): Breakdown {
  if (!(input.type in LINSHI_TYPES)) throw invalid('救助类型不正确', [{ path: 'type', message: '应为急难型或支出型' }]);
  if (!Number.isSafeInteger(input.requestedFen) || input.requestedFen <= 0) {
    throw invalid('申请金额不正确', [{ path: 'requestedFen', message: '申请金额应为大于0的金额（分）' }]);
  }
  const b = new BreakdownBuilder();
  const standard = dibaoStandard(params, input.hukouType);
  b.add('standard', input.hukouType === 'rural' ? '农村月低保标准' : '城市月低保标准', standard.value, `${citeParam(standard)} ${yuan(standard.value)}/人·月`, [standard]);
  b.add('requested', '申请金额', input.requestedFen, `${LINSHI_TYPES[input.type]}临时救助申请金额`);

  const cap = ratioOrFixed(params, `linshi.cap.${input.type}`, standard);
  if (!cap) {
    // 暂行办法第四十九条: the standard is set and published locally; without it no grant can be sized.
    throw invalid(`未设置${LINSHI_TYPES[input.type]}临时救助上限`, [
      { path: `linshi.cap.${input.type}`, message: `区划 ${params.regionCode} 及其上级区划未设置「${LINSHI_TYPES[input.type]}救助上限」（倍数或固定金额）` },
    ]);
  }
  const amountFen = Math.min(input.requestedFen, cap.amount);
  b.add('cap', `${LINSHI_TYPES[input.type]}救助上限`, cap.amount, `${cap.text}（暂行办法第四十九条）`, cap.used);
  b.add('amount', '核定救助金额', amountFen, amountFen < input.requestedFen
    ? `申请 ${yuan(input.requestedFen)} 超过上限，按上限 ${yuan(cap.amount)} 核定`
    : `申请 ${yuan(input.requestedFen)} 未超过上限 ${yuan(cap.amount)}，按申请金额核定`);

  const quota = ratioOrFixed(params, 'linshi.townshipQuota', standard);
  let approvalLevel: DecidingLevel;
  if (!quota) {
    approvalLevel = 'county';
    b.note('当地未委托乡镇（街道）审批临时救助，由县级民政部门审批（暂行办法第四十八条）');
  } else {
    approvalLevel = amountFen <= quota.amount ? 'township' : 'county';
    b.add('township_quota', '乡镇（街道）审批额度', quota.amount,
      `${quota.text}；核定金额 ${yuan(amountFen)} ${approvalLevel === 'township' ? '未超过额度，由乡镇（街道）审批' : '超过额度，报县级民政部门审批'}（暂行办法第四十八条）`,
      quota.used);
  }

  const advanceAllowed = input.type === 'emergency' && approvalLevel === 'township';
  if (input.advance && !advanceAllowed) {
    b.note(input.type !== 'emergency'
      ? '先行救助仅适用于急难型临时救助，本案按一般程序办理'
      : '核定金额超过乡镇（街道）审批额度，不能先行救助，按一般程序报县级审批');
  }
  const paperwork = requireParam(params, 'linshi.advance.paperworkWorkingDays', 'days');
  if (advanceAllowed) b.use(paperwork);

  const breakdown: Breakdown = {
    programme: 'linshi',
    amountFen,
    eligible: true,
    reasons: [],
    items: b.items,
    ruleVersion: LINSHI_RULE_VERSION,
    paramIds: b.paramIds,
    approvalLevel,
    advanceAllowed,
    paperworkWorkingDays: paperwork.value,
  };
  if (b.notes.length > 0) breakdown.notes = b.notes;
  return breakdown;
}

/**
 * Settings the server writes on a new 临时救助 case: `approvalLevel` and `paperworkWorkingDays`
 * (contract), plus `townshipQuotaFen`, `linshiType` and `publicityDays` which the guards and the
 * publicity clock read, and `advancePayHours` for the 先行救助 payment clock (extensions).
 * `townshipQuotaFen` 0 = no delegation.
 */
export function linshiCaseSettings(params: ResolvedParams, input: LinshiCalcInput): {
  approvalLevel: DecidingLevel; paperworkWorkingDays: number; townshipQuotaFen: number; linshiType: LinshiType; publicityDays: number; advancePayHours: number;
} {
  const breakdown = calculateLinshi(input, params);
  const standard = dibaoStandard(params, input.hukouType);
  const quota = ratioOrFixed(params, 'linshi.townshipQuota', standard);
  return {
    approvalLevel: breakdown.approvalLevel!,
    paperworkWorkingDays: breakdown.paperworkWorkingDays!,
    townshipQuotaFen: quota?.amount ?? 0,
    linshiType: input.type,
    publicityDays: requireParam(params, 'linshi.publicityDays', 'days').value,
    advancePayHours: requireParam(params, 'linshi.advance.payHours', 'hours').value,
  };
}
