import { CheckOutlined } from '@ant-design/icons';
import { Table, Tabs, Tag } from 'antd';
import { PageShell, permissionNamer, ProblemAlert, usePermissions, type PermissionInfo } from '@mz/ui';
import { useRoles, type Role } from './roles.api.ts';

/** 角色与权限: the built-in roles and what each may do (GET /roles, GET /permissions). */
export function RolesPage() {
  const roles = useRoles();
  const permissions = usePermissions();
  const permName = permissionNamer(permissions.data);
  const roleList = roles.data ?? [];

  return (
    <PageShell title="角色与权限" description="系统内置角色及其权限，为用户分配角色即授予相应权限">
      <div className="mz-panel">
        {roles.error && <ProblemAlert error={roles.error} />}
        {permissions.error && <ProblemAlert error={permissions.error} />}
        <Tabs
          items={[
            {
              key: 'roles',
              label: '按角色',
              children: (
                <Table<Role>
                  size="small"
                  rowKey="code"
                  loading={roles.isPending}
                  dataSource={roleList}
                  pagination={false}
                  columns={[
                    { title: '角色', dataIndex: 'name', width: 120 },
                    { title: '代码', dataIndex: 'code', width: 110 },
                    { title: '说明', dataIndex: 'description', width: 260 },
                    {
                      title: '权限',
                      dataIndex: 'permissions',
                      render: (codes: string[]) =>
                        codes.map((c) => (
                          <Tag key={c} title={c} style={{ marginBlock: 2 }}>
                            {permName(c)}
                          </Tag>
                        )),
                    },
                    { title: '权限数', key: 'count', width: 80, align: 'right', render: (_, r) => r.permissions.length },
                  ]}
                />
              ),
            },
            {
              key: 'matrix',
              label: '权限矩阵',
              children: (
                <Table<PermissionInfo>
                  size="small"
                  rowKey="code"
                  bordered
                  loading={permissions.isPending || roles.isPending}
                  dataSource={permissions.data ?? []}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: '权限', dataIndex: 'name', width: 180, fixed: 'left' },
                    { title: '代码', dataIndex: 'code', width: 160 },
                    ...roleList.map((r) => ({
                      title: r.name,
                      key: r.code,
                      width: 80,
                      align: 'center' as const,
                      render: (_: unknown, p: PermissionInfo) =>
                        r.permissions.includes(p.code) ? <CheckOutlined style={{ color: '#2e8b57' }} aria-label="有" /> : null,
                    })),
                  ]}
                />
              ),
            },
          ]}
        />
      </div>
    </PageShell>
  );
}
