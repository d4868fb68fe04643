import { describe, expect, it } from 'vitest';
import { readListParams, writeListParams } from './list-params.ts';

const qs = (s: string) => new URLSearchParams(s);

describe('readListParams', () => {
  it('reads filters, page and page size', () => {
    expect(readListParams(qs('keyword=张&status=active&page=3&pageSize=50'), ['keyword', 'status', 'region'])).toEqual({
      filters: { keyword: '张', status: 'active', region: undefined },
      page: 3,
      pageSize: 50,
    });
  });

  it('falls back to page 1 and 20 per page for missing or odd values', () => {
    expect(readListParams(qs('page=-1&pageSize=7'), [])).toMatchObject({ page: 1, pageSize: 20 });
    expect(readListParams(qs('page=abc&pageSize=1000'), [])).toMatchObject({ page: 1, pageSize: 20 });
  });
});

describe('writeListParams', () => {
  it('new filters go back to page 1 and keep unrelated params such as region', () => {
    const next = writeListParams(qs('region=220102000000&keyword=张&page=4'), { filters: { keyword: '李', status: undefined } });
    expect(next.toString()).toBe('region=220102000000&keyword=%E6%9D%8E');
  });

  it('page changes keep the filters; defaults are left out of the URL', () => {
    expect(writeListParams(qs('keyword=a'), { page: 2 }).toString()).toBe('keyword=a&page=2');
    expect(writeListParams(qs('keyword=a&page=2'), { page: 1 }).toString()).toBe('keyword=a');
    expect(writeListParams(qs('page=3&pageSize=50'), { page: 3, pageSize: 20 }).toString()).toBe('');
    expect(writeListParams(qs('page=3'), { page: 3, pageSize: 20 }).toString()).toBe('page=3');
  });

  it('trims filter values and drops blanks', () => {
    expect(writeListParams(qs(''), { filters: { keyword: '  王  ', actor: '   ' } }).toString()).toBe('keyword=%E7%8E%8B');
  });
});
