import { describe, expect, it } from 'vitest';
import { hasPermission, jurisdictionPath, type Me } from './session.api.ts';

const me: Me = {
  id: 'u1',
  username: 'rongguang01',
  displayName: '王丽',
  regionCode: '220105007000',
  regionName: '荣光街道',
  regionLevel: 4,
  regionPath: [
    { code: '220000000000', name: '吉林省', level: 1 },
    { code: '220100000000', name: '长春市', level: 2 },
    { code: '220105000000', name: '二道区', level: 3 },
  ],
  roles: ['clerk'],
  roleNames: ['经办'],
  permissions: ['region.read'],
};

describe('jurisdictionPath', () => {
  it('ends with the home region whether or not regionPath includes it', () => {
    const expected = ['吉林省', '长春市', '二道区', '荣光街道'];
    expect(jurisdictionPath(me).map((r) => r.name)).toEqual(expected);
    const withSelf = { ...me, regionPath: [...me.regionPath, { code: me.regionCode, name: '荣光街道', level: 4 as const }] };
    expect(jurisdictionPath(withSelf).map((r) => r.name)).toEqual(expected);
  });
});

describe('hasPermission', () => {
  it('checks the permission list; no permission needed means allowed', () => {
    expect(hasPermission(me, 'region.read')).toBe(true);
    expect(hasPermission(me, 'user.manage')).toBe(false);
    expect(hasPermission(me, undefined)).toBe(true);
    expect(hasPermission(null, 'region.read')).toBe(false);
  });
});
