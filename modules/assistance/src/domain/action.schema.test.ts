import { describe, expect, it } from 'vitest';
import { actionDataSchema, actionDataSchemas } from './action.schema.ts';

function messages(programme: 'dibao' | 'tekun' | 'linshi', action: string, data: unknown) {
  const result = actionDataSchema(programme, action)!.safeParse(data);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => [i.path.join('.'), i.message]);
}

const VISIT = { visitedOn: '2025-03-05', investigators: ['张伟', '李娜'], householdMemberPresent: '王秀英', findings: '家中无贵重物品' };

describe('action data schemas', () => {
  it.each([
    // programme, action, data, path, message
    ['dibao', 'record_home_visit', { ...VISIT, investigators: ['张伟'] }, 'investigators', '调查人员不得少于2人（低保办法第十六条）'],
    ['dibao', 'record_home_visit', { ...VISIT, investigators: ['张伟', ' 张伟 '] }, 'investigators', '调查人员不得少于2人（低保办法第十六条）'],
    ['dibao', 'record_home_visit', { ...VISIT, householdMemberPresent: '' }, 'householdMemberPresent', '请填写在场家庭成员'],
    ['dibao', 'county_home_visit', { ...VISIT, visitedOn: '2025/03/05' }, 'visitedOn', '调查日期应为有效日期（YYYY-MM-DD）'],
    ['tekun', 'spot_check', { checkedOn: '2025-03-19', investigators: ['赵敏'], result: 'consistent', findings: '相符' }, 'investigators', '调查人员不得少于2人（低保办法第十六条）'],
    ['dibao', 'request_materials', { missingItems: [] }, 'missingItems', '一次性告知须列明全部需补正的材料（低保办法第十条）'],
    ['dibao', 'withdraw', { withdrawnOn: '2025-03-05', writtenRequest: false }, 'writtenRequest', '撤回申请须有申请人书面申请'],
    ['dibao', 'approve', { overrideAmountFen: 70000 }, 'overrideReason', '核定金额与测算金额不同时须说明理由'],
    ['dibao', 'adjust', { direction: 'decrease', newAmountFen: 50000, effectiveMonth: '2025-10', reasons: '就业' }, 'familyHeardOn', '减发前须听取家庭意见（救助法第四十八条）'],
    ['dibao', 'adjust', { direction: 'increase', newAmountFen: 50000, effectiveMonth: '2025-13', reasons: '重病' }, 'effectiveMonth', '调整起始月份应为年月（YYYY-MM）'],
    ['dibao', 'terminate', { cause: 'fraud', reasons: '隐瞒经营收入', stopMonth: '2025-10' }, 'familyHeardOn', '停发前须听取家庭意见（救助法第四十八条）'],
    ['dibao', 'terminate', { cause: 'income_exceeds', reasons: '', stopMonth: '2025-10', familyHeardOn: '2025-09-01' }, 'reasons', '请填写停保书面理由'],
    ['dibao', 'taper', { months: 0, fromMonth: '2025-10', reason: '就业' }, 'months', '渐退期至少1个月'],
    ['dibao', 'extend', { reason: 'busy' }, 'reason', expect.stringContaining('延期事由应为：objection（公示期间有异议）')],
    ['dibao', 'deliver_refusal', { deliveredOn: '2025-03-24', method: 'fax', recipient: '王秀英' }, 'method', expect.stringContaining('送达方式应为')],
    ['dibao', 'accept', { anything: 1 }, '', '该步骤不需要填写数据'],
    ['tekun', 'assess_self_care', { assessedOn: '2025-03-07', assessor: '评估机构', items: { eat: true } }, 'items.bath', '请评估能否自主洗澡'],
    ['tekun', 'propose_termination', { cause: 'moved', reasons: '迁出', verifiedOn: '2025-09-01' }, 'cause', expect.stringContaining('终止原因应为')],
    ['linshi', 'township_review', { recommendation: 'approve' }, 'proposedAmountFen', '同意救助时请填写拟救助金额'],
    ['linshi', 'approve', { instalmentMonths: 7 }, 'instalmentMonths', '分期发放不超过6个月'],
    ['linshi', 'advance_grant', { amountFen: 0 }, 'amountFen', '先行救助金额应大于0'],
    ['linshi', 'complete_paperwork', { completedOn: '2025-03-10' }, 'explanation', '请填写补充说明情况'],
  ] as const)('%s.%s %j → %s', (programme, action, data, path, message) => {
    expect(messages(programme, action, data)).toContainEqual([path, message]);
  });

  it('accepts an action without data where none is needed', () => {
    for (const action of ['accept', 'start_investigation', 'reinvestigate', 'end_publicity', 'refuse']) {
      expect(actionDataSchemas.dibao[action as 'accept'].safeParse(undefined).success, action).toBe(true);
    }
    expect(actionDataSchemas.dibao.approve.safeParse(undefined).success).toBe(true);
  });

  it('fills defaults: all 核对 items, cash grants, one instalment', () => {
    expect(actionDataSchemas.dibao.request_verification.parse({}).items).toHaveLength(11);
    expect(actionDataSchemas.linshi.approve.parse({})).toEqual({ form: 'cash', instalmentMonths: 1 });
    expect(actionDataSchemas.dibao.record_home_visit.parse(VISIT).remote).toBe(false);
  });

  it('allows stopping after a death without a hearing', () => {
    expect(actionDataSchemas.dibao.terminate.safeParse({ cause: 'death', reasons: '保障对象死亡', stopMonth: '2025-10' }).success).toBe(true);
  });

  it('knows no schema for an action the programme lacks', () => {
    expect(actionDataSchema('dibao', 'advance_grant')).toBeNull();
    expect(actionDataSchema('linshi', 'taper')).toBeNull();
    expect(actionDataSchema('dibao', 'toString')).toBeNull();
  });
});
