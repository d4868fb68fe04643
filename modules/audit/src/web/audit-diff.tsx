import { Table } from 'antd';
import { displayValue } from '@mz/ui';
import type { AuditDiff as AuditDiffData } from '@mz/audit';

/** Chinese labels for field names that commonly appear in diffs; others show as recorded. */
const FIELD_LABELS: Record<string, string> = {
  username: '账号',
  displayName: '姓名',
  name: '名称',
  regionCode: '区划代码',
  regionName: '区划',
  roles: '角色',
  permissions: '权限',
  status: '状态',
  lockedUntil: '锁定至',
  password: '密码',
  expiresAt: '有效期至',
  revokedAt: '撤销时间',
};

interface DiffLine {
  field: string;
  before: unknown;
  after: unknown;
}

/** The before/after of one audited change, as a small three-column table. */
export function AuditDiff({ diff }: { diff: AuditDiffData }) {
  const lines: DiffLine[] = Object.entries(diff).map(([field, c]) => ({ field, before: c?.before, after: c?.after }));
  return (
    <Table<DiffLine>
      className="mz-diff-table"
      size="small"
      rowKey="field"
      bordered
      pagination={false}
      dataSource={lines}
      style={{ maxWidth: 900 }}
      columns={[
        {
          title: '字段',
          dataIndex: 'field',
          width: 160,
          render: (f: string) => (FIELD_LABELS[f] ? `${FIELD_LABELS[f]}（${f}）` : f),
        },
        { title: '变更前', dataIndex: 'before', render: (v: unknown) => <span style={{ color: '#a8071a' }}>{displayValue(v)}</span> },
        { title: '变更后', dataIndex: 'after', render: (v: unknown) => <span style={{ color: '#237804' }}>{displayValue(v)}</span> },
      ]}
    />
  );
}
