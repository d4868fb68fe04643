import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Table, Tag } from 'antd';
import {
  errorText,
  formatDate,
  formatDateTime,
  PageShell,
  permissionNamer,
  ProblemAlert,
  StatusTag,
  usePermissions,
  useViewRegion,
  type StatusOption,
} from '@mz/ui';
import { useState } from 'react';
import { TokenCreateModal } from './token-create-modal.tsx';
import { tokenState, useRevokeToken, useTokens, type ApiToken, type TokenState } from './tokens.api.ts';

const TOKEN_STATE: Record<TokenState, StatusOption> = {
  active: { text: '有效', tone: 'success' },
  expired: { text: '已过期', tone: 'warning' },
  revoked: { text: '已撤销', tone: 'default' },
};

const muted = (text: string) => <span style={{ color: '#999' }}>{text}</span>;

/** 接口令牌: credentials for other systems calling this platform; list, create (shown once), revoke. */
export function TokensPage() {
  const tokens = useTokens();
  const permissions = usePermissions();
  const permName = permissionNamer(permissions.data);
  const revoke = useRevokeToken();
  const view = useViewRegion();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);

  return (
    <PageShell
      title="接口令牌"
      description="供其他业务系统调用本平台接口使用，令牌权限不超过创建人本人的权限"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建令牌
        </Button>
      }
    >
      <div className="mz-panel">
        {tokens.error && <ProblemAlert error={tokens.error} />}
        <Table<ApiToken>
          size="small"
          rowKey="id"
          loading={tokens.isFetching}
          dataSource={tokens.data ?? []}
          pagination={(tokens.data?.length ?? 0) > 20 ? { pageSize: 20, showTotal: (t) => `共 ${t} 个` } : false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '尚未创建接口令牌' }}
          columns={[
            { title: '名称', dataIndex: 'name', width: 180, ellipsis: true },
            { title: '数据范围', dataIndex: 'regionName', width: 140, ellipsis: true },
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
            {
              title: '状态',
              key: 'state',
              width: 80,
              render: (_, t) => <StatusTag value={tokenState(t)} options={TOKEN_STATE} />,
            },
            {
              title: '有效期至',
              dataIndex: 'expiresAt',
              width: 110,
              render: (v: string | null) => (v ? formatDate(v) : muted('长期有效')),
            },
            {
              title: '最近使用',
              dataIndex: 'lastUsedAt',
              width: 140,
              render: (v: string | null) => (v ? formatDateTime(v) : muted('从未使用')),
            },
            { title: '创建人', dataIndex: 'createdBy', width: 100, ellipsis: true },
            { title: '创建时间', dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
            {
              title: '操作',
              key: 'actions',
              width: 80,
              fixed: 'right',
              render: (_, t) =>
                t.revokedAt ? (
                  muted(`${formatDate(t.revokedAt)} 撤销`)
                ) : (
                  <Popconfirm
                    title={`撤销令牌「${t.name}」？`}
                    description="撤销后使用该令牌的系统将立即无法访问，且不可恢复。"
                    okText="撤销"
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      revoke.mutateAsync(t.id).then(
                        () => void message.success('令牌已撤销'),
                        (err) => void message.error(errorText(err)),
                      )
                    }
                  >
                    <Button type="link" size="small" danger>
                      撤销
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </div>
      <TokenCreateModal open={creating} defaultRegionCode={view.code} onClose={() => setCreating(false)} />
    </PageShell>
  );
}
