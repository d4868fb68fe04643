import type { CaseDetail, CaseMember } from '@mz/assistance';
import { describe, expect, it } from 'vitest';
import { memberChoices } from './job-members.ts';

const member = (personId: string, name: string, covered = true, age = 40): CaseMember => ({
  personId, name, covered, idNumberMasked: '220105********0011', relation: '02', relationName: '户主', sex: 'male', age,
});

const refusals = (n: number) => Array.from({ length: n }, (_, i) => ({ on: `2026-0${i + 1}-10`, job: '保洁员', employer: '物业公司' }));

function detail(over: Partial<Pick<CaseDetail, 'jobRefusals' | 'excludedMembers'>> = {}): Pick<CaseDetail, 'household' | 'jobRefusals' | 'excludedMembers'> {
  return {
    household: { id: 'h', address: '岭东社区1号', members: [member('a', '王强'), member('b', '李梅'), member('c', '王小明', false)] },
    jobRefusals: [],
    excludedMembers: [],
    ...over,
  };
}

describe('memberChoices', () => {
  it('offers the covered members for recording an introduced job, with their current run', () => {
    const d = detail({ jobRefusals: [{ personId: 'b', name: '李梅', consecutive: 2, refusals: refusals(2) }] });
    expect(memberChoices(d, 'covered')).toEqual([
      { value: 'a', label: '王强' },
      { value: 'b', label: '李梅（已连续拒绝2次）' },
    ]);
  });

  it.each([
    ['three refusals in a row', 3, [], ['a']],
    ['more than three', 4, [], ['a']],
    ['only two', 2, [], []],
    ['share already stopped', 3, [{ personId: 'a', name: '王强', fromMonth: '2026-07', reason: '无正当理由连续三次拒绝介绍的工作' }], []],
  ])('offers for stopping a share only members with three refusals: %s', (_, n, excludedMembers, expected) => {
    const d = detail({ jobRefusals: [{ personId: 'a', name: '王强', consecutive: n, refusals: refusals(n) }], excludedMembers });
    expect(memberChoices(d, 'refusedThrice').map((c) => c.value)).toEqual(expected);
  });

  it('leaves out a member with three refusals who is not covered by the benefit', () => {
    const d = detail({ jobRefusals: [{ personId: 'c', name: '王小明', consecutive: 3, refusals: refusals(3) }] });
    expect(memberChoices(d, 'refusedThrice')).toEqual([]);
  });

  it('labels a member who may have their share stopped with the count', () => {
    const d = detail({ jobRefusals: [{ personId: 'b', name: '李梅', consecutive: 3, refusals: refusals(3) }] });
    expect(memberChoices(d, 'refusedThrice')).toEqual([{ value: 'b', label: '李梅（无正当理由连续拒绝3次）' }]);
  });

  it.each([
    ['a child under 16', 13, '王小红（未满16周岁，无劳动能力）'],
    ['a member of 60 or older', 62, '王小红（年满60周岁，无劳动能力）'],
  ])('shows %s but does not let a refusal be recorded for them', (_, age, label) => {
    const d = detail();
    d.household!.members.push(member('d', '王小红', true, age));
    expect(memberChoices(d, 'workable').at(-1)).toEqual({ value: 'd', label, disabled: true });
    // Taking up a job is recorded whatever the age.
    expect(memberChoices(d, 'covered').at(-1)).toEqual({ value: 'd', label: '王小红' });
  });

  it('has nothing to offer without a household', () => {
    expect(memberChoices({ household: null, jobRefusals: [], excludedMembers: [] }, 'covered')).toEqual([]);
  });
});
