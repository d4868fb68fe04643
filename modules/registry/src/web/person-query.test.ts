import { apiUrl } from '@mz/ui';
import { describe, expect, it } from 'vitest';
import { ageParam, columnSortOrder, personExportParams, personListParams, personListQuery, sortFromTable } from './person-query.ts';

const ctx = { regionCode: '220104000000', page: 2, pageSize: 50 };

describe('personListQuery', () => {
  it('passes the URL filters on', () => {
    expect(personListQuery({ q: ' 张伟 ', status: 'alive', ageMin: '60', ageMax: '80', sort: 'name', order: 'desc' }, ctx)).toEqual({
      q: '张伟',
      regionCode: '220104000000',
      status: 'alive',
      ageMin: 60,
      ageMax: 80,
      sort: 'name',
      order: 'desc',
      page: 2,
      pageSize: 50,
    });
  });

  it('sorts the newest registrations first when no sort is chosen', () => {
    expect(personListQuery({}, ctx)).toMatchObject({ sort: 'createdAt', order: 'desc' });
    expect(personListQuery({ sort: 'birthDate' }, ctx)).toMatchObject({ sort: 'birthDate', order: 'asc' });
  });

  it('drops values the server would refuse', () => {
    expect(personListQuery({ status: 'zombie', ageMin: '-3', ageMax: '200', sort: 'idNumber', order: 'up' }, ctx)).toMatchObject({
      status: undefined,
      ageMin: undefined,
      ageMax: undefined,
      sort: 'createdAt',
      order: 'desc',
    });
  });

  it('swaps a reversed age range', () => {
    expect(personListQuery({ ageMin: '80', ageMax: '60' }, ctx)).toMatchObject({ ageMin: 60, ageMax: 80 });
  });
});

describe('query strings', () => {
  it('builds the list URL without empty values', () => {
    const q = personListQuery({ q: 'zw', ageMin: '0' }, { page: 1, pageSize: 20 });
    expect(apiUrl('/registry/persons', personListParams(q))).toBe('/api/v1/registry/persons?q=zw&ageMin=0&sort=createdAt&order=desc&page=1&pageSize=20');
  });

  it('exports the same filters, without paging', () => {
    const q = personListQuery({ status: 'deceased', sort: 'name' }, ctx);
    expect(apiUrl('/registry/persons/export.xlsx', personExportParams(q, false))).toBe(
      '/api/v1/registry/persons/export.xlsx?regionCode=220104000000&status=deceased&sort=name&order=asc&unmasked=false',
    );
    expect(personExportParams(q, true).unmasked).toBe('true');
  });
});

describe('table sorting', () => {
  it.each([
    ['name', 'ascend', { sort: 'name', order: 'asc' }],
    ['birthDate', 'descend', { sort: 'birthDate', order: 'desc' }],
    ['name', null, { sort: undefined, order: undefined }],
    ['phoneMasked', 'ascend', { sort: undefined, order: undefined }],
  ] as const)('%s %s', (field, order, expected) => {
    expect(sortFromTable(field, order)).toEqual(expected);
  });

  it('marks only the sorted column', () => {
    expect(columnSortOrder({ sort: 'name', order: 'desc' }, 'name')).toBe('descend');
    expect(columnSortOrder({ sort: 'name', order: 'desc' }, 'birthDate')).toBeNull();
  });

  it('reads ages', () => {
    expect([ageParam('18'), ageParam(''), ageParam('1.5'), ageParam(undefined)]).toEqual([18, undefined, undefined, undefined]);
  });
});
