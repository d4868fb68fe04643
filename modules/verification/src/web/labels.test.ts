import { describe, expect, it } from 'vitest';
import { actionPayload, evidenceLists, evidenceRows, evidenceValue, money, programmesText } from './labels.ts';

describe('verification page labels', () => {
  it('builds an action body with only what the action takes', () => {
    expect(actionPayload('verify', 1, { opinion: '  ', department: '公安部门' })).toEqual({ version: 1 });
    expect(actionPayload('keep', 2, { opinion: ' 已入户核实 ' })).toEqual({ version: 2, opinion: '已入户核实' });
    expect(actionPayload('transfer', 2, { opinion: '请公安核实', department: '公安部门', caseId: 'x' })).toEqual({ version: 2, opinion: '请公安核实', department: '公安部门' });
    expect(actionPayload('adjust', 3, { opinion: '停保', caseId: ' c1 ', department: '公安部门' })).toEqual({ version: 3, opinion: '停保', caseId: 'c1' });
  });

  it('shows evidence amounts in yuan and sources by name, and splits lists from scalars', () => {
    expect(money(123_456)).toBe(money(123_456));
    expect(evidenceValue('totalFen', 350_000)).toBe(money(350_000));
    expect(evidenceValue('source', 'police_death')).toBe('公安死亡人员信息');
    expect(evidenceValue('missing', ['disability_living'])).toBe('困难残疾人生活补贴');
    expect(evidenceValue('to', null)).toBe('—');
    expect(programmesText(['dibao', 'tekun', 'other'])).toBe('低保、特困供养、other');
    expect(programmesText([])).toBe('—');
    expect(evidenceValue('programme', 'tekun')).toBe('特困供养');
    const ev = { source: 'vehicle', count: 2, items: [{ name: '甲', amountFen: 100 }] };
    expect(evidenceRows(ev)).toEqual([{ key: 'source', label: '数据来源', value: '机动车登记信息' }, { key: 'count', label: '数量', value: '2' }]);
    expect(evidenceLists(ev)).toEqual([{ key: 'items', rows: [{ name: '甲', amountFen: money(100) }] }]);
  });
});
