import { describe, expect, it } from 'vitest';
import { planAlertAction } from './alert.workflow.ts';

const TOWNSHIP = '220105003000';
const COUNTY = '220105000000';
const VILLAGE = '220105003005';

describe('planAlertAction', () => {
  it.each([
    ['open', 'verify', {}, 'verifying'],
    ['verifying', 'keep', { opinion: '车辆为就医必需' }, 'kept'],
    ['verifying', 'transfer', { department: '医疗保障部门' }, 'transferred'],
    ['verifying', 'adjust', { opinion: '已死亡，需停保' }, 'adjust'],
  ] as const)('%s --%s--> %s', (status, action, input, to) => {
    expect(planAlertAction({ status, handlingLevel: 4 }, TOWNSHIP, action, input)).toBe(to);
  });

  it('asks for 核实 before any outcome, and refuses closed alerts', () => {
    expect(() => planAlertAction({ status: 'open', handlingLevel: 4 }, TOWNSHIP, 'keep', { opinion: '理由充分' }))
      .toThrow('当前状态「待核实」不能办理「维持」');
    expect(() => planAlertAction({ status: 'kept', handlingLevel: 4 }, TOWNSHIP, 'verify', {})).toThrow('当前状态「已维持」不能办理「核实」');
  });

  it('requires a reason to keep, a listed department to transfer', () => {
    expect(() => planAlertAction({ status: 'verifying', handlingLevel: 4 }, TOWNSHIP, 'keep', { opinion: ' ' })).toThrow('维持须说明理由');
    expect(() => planAlertAction({ status: 'verifying', handlingLevel: 4 }, TOWNSHIP, 'transfer', { department: '外星部门' })).toThrow('请选择转办的部门');
  });

  it('lets the handling level and those above act, not those below', () => {
    expect(planAlertAction({ status: 'open', handlingLevel: 3 }, COUNTY, 'verify', {})).toBe('verifying');
    expect(() => planAlertAction({ status: 'open', handlingLevel: 3 }, TOWNSHIP, 'verify', {})).toThrow('该预警由上级处置');
    expect(() => planAlertAction({ status: 'open', handlingLevel: 4 }, VILLAGE, 'verify', {})).toThrow('该预警由上级处置');
  });
});
