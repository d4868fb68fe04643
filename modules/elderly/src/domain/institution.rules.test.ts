import { describe, expect, it } from 'vitest';
import { computeCreditCodeCheckChar } from '@mz/kernel';
import { checkInProblems, checkOutProblems, certifiedPercent, expandBeds, occupancyPercent, parseRoomList, statusChangeProblem } from './institution.rules.ts';
import { checkInSchema, creditCodeSchema, staffInputSchema, statusChangeSchema } from './institution.schema.ts';

describe('status changes', () => {
  it.each([
    ['operating', 'suspended', 0, null],
    ['operating', 'closed', 0, null],
    ['suspended', 'operating', 3, null],
    ['suspended', 'closed', 0, null],
    ['operating', 'operating', 0, '机构已是“运营中”状态'],
    ['closed', 'operating', 0, '机构已关闭，不能再变更状态；如重新开办请重新登记'],
    ['operating', 'closed', 2, '机构还有 2 名在住人员，请先办理退住或转院再关闭'],
  ] as const)('%s → %s with %i residents', (from, to, residents, problem) => {
    expect(statusChangeProblem(from, to, residents)).toBe(problem);
  });
});

describe('check-in', () => {
  const ok = { institutionStatus: 'operating', personStatus: 'alive', bed: { inService: true, occupied: false }, checkedInOn: '2026-03-01', today: '2026-03-02' } as const;
  it.each([
    ['all in order', {}, []],
    ['suspended home', { institutionStatus: 'suspended' }, ['机构暂停运营，不能办理入住']],
    ['deceased person', { personStatus: 'deceased' }, ['该人员在人口库中已去世，不能办理入住']],
    ['imprisoned person', { personStatus: 'imprisoned' }, ['该人员在人口库中正在服刑，不能办理入住']],
    ['occupied bed', { bed: { inService: true, occupied: true } }, ['该床位已有人入住']],
    ['bed out of service', { bed: { inService: false, occupied: false } }, ['该床位已停用']],
    ['bed of another home', { bed: null }, ['本机构没有这张床位']],
    ['future date', { checkedInOn: '2026-03-03' }, ['入住日期不能晚于今天']],
  ] as const)('%s', (_label, change, messages) => {
    expect(checkInProblems({ ...ok, ...change } as Parameters<typeof checkInProblems>[0]).map((e) => e.message)).toEqual(messages);
  });
});

describe('check-out', () => {
  const base = { checkedInOn: '2025-06-01', checkedOutOn: '2026-01-10', reason: 'returned_home', today: '2026-02-01', deathDate: null } as const;
  it.each([
    ['ordinary', {}, []],
    ['same day as check-in', { checkedOutOn: '2025-06-01' }, []],
    ['before check-in', { checkedOutOn: '2025-05-31' }, ['退住日期不能早于入住日期（2025-06-01）']],
    ['in the future', { checkedOutOn: '2026-02-02' }, ['退住日期不能晚于今天']],
    ['registry death, wrong reason', { deathDate: '2026-01-05' }, ['人口库记载该人员已于 2026-01-05 去世，退住原因应为“去世”']],
    ['registry death, reason deceased', { deathDate: '2026-01-05', reason: 'deceased' }, []],
    ['checked out before the death', { deathDate: '2026-01-20', reason: 'deceased' }, ['退住日期不能早于去世日期（2026-01-20）']],
    ['deceased reported by the home first', { reason: 'deceased' }, []],
  ] as const)('%s', (_label, change, messages) => {
    expect(checkOutProblems({ ...base, ...change } as Parameters<typeof checkOutProblems>[0]).map((e) => e.message)).toEqual(messages);
  });
});

describe('room lists', () => {
  it.each([
    ['101-103', ['101', '102', '103'], null],
    ['101-102, 201，3A', ['101', '102', '201', '3A'], null],
    ['01-03', ['01', '02', '03'], null],
    ['105-101', [], '房间范围“105-101”的结束号小于起始号'],
    ['1-300', [], '房间范围“1-300”过大（一次最多 200 间）'],
    ['101 101', [], '房间号“101”重复'],
    ['  ', [], '请填写房间号'],
    ['10#1', [], '房间号“10#1”格式不正确'],
  ])('%s', (text, rooms, error) => {
    expect(parseRoomList(text)).toEqual({ rooms, error });
  });

  it('expands rooms × beds', () => {
    expect(expandBeds(['101', '102'], ['1', '2'])).toEqual([
      { room: '101', bedNo: '1' }, { room: '101', bedNo: '2' }, { room: '102', bedNo: '1' }, { room: '102', bedNo: '2' },
    ]);
  });
});

describe('figures', () => {
  it.each([[0, 0, null], [0, 60, 0], [45, 60, 75], [1, 3, 33.3], [2, 3, 66.7], [60, 60, 100]])('occupancy %i of %i', (r, b, pct) => {
    expect(occupancyPercent(r, b)).toBe(pct);
  });
  it.each([[0, 0, null], [5, 8, 62.5], [8, 8, 100]])('certified %i of %i', (c, n, pct) => {
    expect(certifiedPercent(c, n)).toBe(pct);
  });
});

describe('schemas', () => {
  const valid = `91220105MA${'0000001'}`;
  const code = valid + computeCreditCodeCheckChar(valid);
  it('accepts a valid credit code and upper-cases it', () => {
    expect(creditCodeSchema.parse(code.toLowerCase())).toBe(code);
  });
  it('refuses a wrong check character with the kernel reason', () => {
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(creditCodeSchema.safeParse(wrong).error?.issues[0]?.message).toBe('统一社会信用代码校验码不正确，请核对是否录入有误');
  });
  it('needs a reason to suspend or close', () => {
    expect(statusChangeSchema.safeParse({ status: 'suspended', version: 1 }).error?.issues[0]?.message).toBe('暂停或关闭须填写原因');
    expect(statusChangeSchema.safeParse({ status: 'operating', version: 1 }).success).toBe(true);
  });
  it('takes a person by id or ID number, not both', () => {
    const bed = '00000000-0000-4000-8000-000000000001';
    expect(checkInSchema.safeParse({ bedId: bed, checkedInOn: '2026-01-01' }).error?.issues[0]?.message).toBe('请选择人员或填写身份证号（二选一）');
    expect(checkInSchema.safeParse({ bedId: bed, checkedInOn: '2026-01-01', personId: bed }).success).toBe(true);
  });
  it('needs certificate level and number together', () => {
    expect(staffInputSchema.safeParse({ name: '王芳', role: 'caregiver', certificateLevel: '4', hiredOn: '2024-01-01' }).error?.issues[0]?.message)
      .toBe('证书等级与证书编号须同时填写');
  });
});
