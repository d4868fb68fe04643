import { describe, expect, it } from 'vitest';
import { buildMenu, selectedMenuPath, type WebModule } from './web-module.ts';

const modules: WebModule[] = [
  { key: 'home', menu: [{ label: '工作台', path: '/', order: 0 }], routes: [] },
  {
    key: 'iam',
    menu: [
      { label: '用户管理', path: '/system/users', permission: 'user.read', group: '系统管理', order: 90 },
      { label: '接口令牌', path: '/system/tokens', permission: 'token.manage', group: '系统管理', order: 92 },
    ],
    routes: [],
  },
  { key: 'audit', menu: [{ label: '审计日志', path: '/system/audit', permission: 'audit.read', group: '系统管理', order: 95 }], routes: [] },
  { key: 'regions', menu: [{ label: '区划查询', path: '/regions', permission: 'region.read', order: 10 }], routes: [] },
];

const canOnly = (...perms: string[]) => (p?: string) => !p || perms.includes(p);

describe('buildMenu', () => {
  it('orders entries, groups them and hides what the user may not use', () => {
    const menu = buildMenu(modules, canOnly('user.read', 'audit.read', 'region.read'));
    expect(menu.map((n) => (n.kind === 'item' ? n.entry.label : `${n.label}[${n.children.map((c) => c.label).join(',')}]`))).toEqual([
      '工作台',
      '区划查询',
      '系统管理[用户管理,审计日志]',
    ]);
  });

  it('drops a group with no visible entries', () => {
    const menu = buildMenu(modules, canOnly());
    expect(menu.map((n) => (n.kind === 'item' ? n.entry.label : n.label))).toEqual(['工作台']);
  });
});

describe('selectedMenuPath', () => {
  const entries = modules.flatMap((m) => m.menu);
  it('picks the longest matching menu path', () => {
    expect(selectedMenuPath('/', entries)).toBe('/');
    expect(selectedMenuPath('/system/users', entries)).toBe('/system/users');
    expect(selectedMenuPath('/system/users/42', entries)).toBe('/system/users');
    expect(selectedMenuPath('/system/usersx', entries)).toBeUndefined();
  });
});
