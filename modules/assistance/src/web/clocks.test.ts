import type { Clock } from '@mz/workflow';
import { describe, expect, it } from 'vitest';
import { clockAmount, clockDue, clockRemaining, clockStatus } from './clocks.ts';

const base: Clock = {
  key: 'investigation_start',
  name: '启动家庭经济状况调查',
  basis: '低保办法第十五条',
  kind: 'limit',
  unit: 'working_days',
  amount: 3,
  startedAt: '2026-05-11T09:00:00+08:00',
  due: '2026-05-14',
  metAt: null,
  status: 'running',
  remaining: 2,
  note: null,
  frozenAt: null,
};

describe('clock wording', () => {
  it.each([
    [{ status: 'running', remaining: 2 }, '计时中', '剩余 2 个工作日'],
    [{ status: 'running', remaining: 0 }, '计时中', '今日到期'],
    [{ status: 'overdue', remaining: -3 }, '已超期', '已超期 3 个工作日'],
    [{ status: 'met', remaining: 1 }, '按时办结', '提前 1 个工作日办结'],
    [{ status: 'met', remaining: 0 }, '按时办结', '期限当日办结'],
    [{ status: 'late', remaining: -2 }, '逾期办结', '超期 2 个工作日办结'],
  ] as const)('%j → %s, %s', (patch, status, remaining) => {
    const c = { ...base, ...patch } as Clock;
    expect(clockStatus(c).text).toBe(status);
    expect(clockRemaining(c)).toBe(remaining);
  });

  it('never calls a 公示 period late', () => {
    const publicity: Clock = { ...base, key: 'publicity', name: '公示期', kind: 'period', unit: 'calendar_days', amount: 7, status: 'running', remaining: 4 };
    expect(clockStatus(publicity).text).toBe('进行中');
    expect(clockRemaining(publicity)).toBe('还有 4 天届满');
    expect(clockStatus({ ...publicity, status: 'met' }).text).toBe('已届满');
  });

  it('shows amount and due date in Chinese', () => {
    expect(clockAmount(base)).toBe('3个工作日');
    expect(clockDue(base)).toBe('2026年5月14日（星期四）');
    expect(clockDue({ ...base, unit: 'hours', due: '2026-05-13T01:00:00Z' })).toBe('2026年5月13日 09:00');
  });

  it('explains a clock without figures by its note', () => {
    expect(clockRemaining({ ...base, status: 'not_started', remaining: null, note: null })).toBe('—');
    expect(clockRemaining({ ...base, remaining: null, note: '案件缺少设置' })).toBe('案件缺少设置');
  });
});
