import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import {
  errorText,
  FilterBar,
  formatDateTime,
  PageShell,
  ProblemAlert,
  RegionCascader,
  useListParams,
  useMe,
  useSession,
  useViewRegion,
} from '@mz/ui';
import { useState } from 'react';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { roleNamer, useRoles } from './roles.api.ts';
import { UserFormDrawer } from './user-form-drawer.tsx';
import { isLocked, USER_STATUS, UserStatusCell } from './user-status.tsx';
import { useUnlockUser, useUpdateUser, useUsers, type UserRow, type UserStatus } from './users.api.ts';

interface Filters {
  keyword?: string;
  status?: UserStatus;
  region?: string;
}

const FILTER_KEYS = ['keyword', 'status', 'region'] as const;

/** 用户管理: accounts in the 当前查看区划 and below; create, edit, stop/start, reset password, unlock. */
export function UsersPage() {
  const me = useMe();
  const { can } = useSession();
  const manage = can('user.manage');
  const view = useViewRegion();
  const { message } = App.useApp();
  const list = useListParams(FILTER_KEYS);
  const status = list.filters.status === 'active' || list.filters.status === 'disabled' ? list.filters.status : undefined;
  const users = useUsers({
    regionCode: view.code,
    keyword: list.filters.keyword,
    status,
    page: list.page,
    pageSize: list.pageSize,
  });
  const roles = useRoles();
  const roleName = roleNamer(roles.data);
  const update = useUpdateUser();
  const unlock = useUnlockUser();

  const [form] = Form.useForm<Filters>();
  const [editing, setEditing] = useState<{ user: UserRow | null } | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);

  const setStatus = (u: UserRow, next: UserStatus) =>
    update.mutate(
      { id: u.id, status: next },
      {
        onSuccess: () => message.success(`${u.displayName} 已${next === 'active' ? '启用' : '停用'}`),
        onError: (err) => message.error(errorText(err)),
      },
    );

  const doUnlock = (u: UserRow) =>
    unlock.mutate(u.id, {
      onSuccess: () => message.success(`${u.displayName} 已解锁`),
      onError: (err) => message.error(errorText(err)),
    });

  return (
    <PageShell
      title="用户管理"
      description="本级及下级区划的系统账号"
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
            新增用户
          </Button>
        )
      }
    >
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={{ keyword: list.filters.keyword, status, region: view.code }}
          keepOnReset={['region']}
          onSearch={(v) => list.setFilters({ keyword: v.keyword, status: v.status, region: view.toParam(v.region) })}
        >
          <Form.Item name="keyword" label="关键字">
            <Input placeholder="账号或姓名" allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 110 }}
              options={Object.entries(USER_STATUS).map(([value, o]) => ({ value, label: o.text }))}
            />
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 280 }} />
          </Form.Item>
        </FilterBar>
      </div>

      <div className="mz-panel">
        {users.error && <ProblemAlert error={users.error} />}
        <Table<UserRow>
          size="small"
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          pagination={list.pagination(users.data?.total)}
          scroll={{ x: 1000 }}
          locale={{ emptyText: '没有符合条件的用户' }}
          columns={[
            { title: '账号', dataIndex: 'username', width: 140 },
            { title: '姓名', dataIndex: 'displayName', width: 110 },
            {
              title: '所属区划',
              dataIndex: 'regionName',
              ellipsis: true,
              render: (name: string, u) => <Tooltip title={u.regionCode}>{name}</Tooltip>,
            },
            {
              title: '角色',
              dataIndex: 'roles',
              render: (codes: string[]) =>
                codes.length ? codes.map((c) => <Tag key={c}>{roleName(c)}</Tag>) : <span style={{ color: '#999' }}>未分配</span>,
            },
            { title: '状态', key: 'status', width: 230, render: (_, u) => <UserStatusCell user={u} /> },
            {
              title: '最近登录',
              dataIndex: 'lastLoginAt',
              width: 140,
              render: (v: string | null) => (v ? formatDateTime(v) : <span style={{ color: '#999' }}>从未登录</span>),
            },
            ...(manage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 230,
                    fixed: 'right' as const,
                    render: (_: unknown, u: UserRow) => (
                      <Space size={0} separator={<span style={{ color: '#ddd' }}>|</span>}>
                        <Button type="link" size="small" onClick={() => setEditing({ user: u })}>
                          编辑
                        </Button>
                        <Button type="link" size="small" onClick={() => setResetting(u)}>
                          重置密码
                        </Button>
                        {u.id !== me.id &&
                          (u.status === 'active' ? (
                            <Popconfirm
                              title={`停用 ${u.displayName}？`}
                              description="停用后该账号不能登录，可随时重新启用。"
                              okText="停用"
                              okButtonProps={{ danger: true }}
                              onConfirm={() => setStatus(u, 'disabled')}
                            >
                              <Button type="link" size="small" danger>
                                停用
                              </Button>
                            </Popconfirm>
                          ) : (
                            <Popconfirm title={`启用 ${u.displayName}？`} okText="启用" onConfirm={() => setStatus(u, 'active')}>
                              <Button type="link" size="small">
                                启用
                              </Button>
                            </Popconfirm>
                          ))}
                        {isLocked(u) && (
                          <Popconfirm title={`解除 ${u.displayName} 的登录锁定？`} okText="解锁" onConfirm={() => doUnlock(u)}>
                            <Button type="link" size="small">
                              解锁
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>

      <UserFormDrawer
        open={!!editing}
        user={editing?.user ?? null}
        defaultRegionCode={view.code}
        onClose={() => setEditing(null)}
        onSaved={(u, created) => {
          message.success(created ? `已创建用户 ${u.displayName}` : `已保存 ${u.displayName}`);
          setEditing(null);
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </PageShell>
  );
}
