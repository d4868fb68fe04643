export * from './password-policy.ts';
export type { UserRow, UserStatus, TokenRow } from './views.ts';

/** Permission codes of the platform itself, with the names the role page shows. */
export const IAM_PERMISSIONS: Record<string, string> = {
  'user.read': '查看用户与角色',
  'user.manage': '管理用户（新建、修改、停用、重置密码、解锁）',
  'token.manage': '管理接口令牌',
};

/**
 * Business permissions preset roles already carry, declared by the modules that will check them
 * (assistance). Listed here so role pages name them before that module lands.
 */
export const BUSINESS_PERMISSIONS: Record<string, string> = {
  'case.create': '录入救助申请',
  'case.accept': '受理救助申请',
  'case.review': '审核救助申请',
  'case.approve': '审批救助申请',
};

export interface DemoAccount {
  username: string;
  displayName: string;
  regionCode: string;
  roles: string[];
}

/** Demo accounts (issue 2): one per level of the demo jurisdiction, plus a contrasting street. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'demo-province', displayName: '省厅管理员', regionCode: '220000000000', roles: ['admin', 'auditor', 'statistician'] },
  { username: 'demo-city', displayName: '市局查询员', regionCode: '220100000000', roles: ['auditor'] },
  { username: 'demo-county', displayName: '区民政局审批员', regionCode: '220105000000', roles: ['approver'] },
  { username: 'demo-township', displayName: '荣光街道经办员', regionCode: '220105003000', roles: ['clerk', 'reviewer'] },
  // A second township official, so a case can pass 受理 and 初审 by two people (separation of duties).
  { username: 'demo-township-leader', displayName: '荣光街道审核员', regionCode: '220105003000', roles: ['reviewer'] },
  // The township's deciding official: 临时救助 within the township quota, 先行救助.
  { username: 'demo-township-head', displayName: '荣光街道分管主任', regionCode: '220105003000', roles: ['approver'] },
  { username: 'demo-village', displayName: '岭东社区协理员', regionCode: '220105003005', roles: ['clerk'] },
  { username: 'demo-township2', displayName: '东盛街道经办员', regionCode: '220105001000', roles: ['clerk', 'reviewer'] },
  // 资金发放 is the county's work and takes three people (separation of duties): the clerk generates
  // and exports the roll, the reviewer reviews it, demo-county approves it.
  { username: 'demo-county-clerk', displayName: '二道区民政局经办人', regionCode: '220105000000', roles: ['clerk'] },
  { username: 'demo-county-reviewer', displayName: '二道区民政局复核人', regionCode: '220105000000', roles: ['reviewer'] },
  // 养老机构经办: bound to 二道区社会福利院 (in 荣光街道) by the elderly seed; sees only that institution.
  { username: 'demo-carehome', displayName: '二道区社会福利院经办员', regionCode: '220105003000', roles: ['institution_operator'] },
];

export const DEFAULT_DEMO_PASSWORD = 'Minzheng@2026';
