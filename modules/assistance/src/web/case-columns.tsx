import { Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { StatusTag } from '@mz/ui';
import { Link } from 'react-router';
import type { CaseSummary } from './assistance.api.ts';
import { RecheckCell } from './dynamic-views.tsx';
import { cnDate, cnDateTime, dueInfo, money } from './format.ts';
import { FLAG_COLORS, FLAGS, PROGRAMME_SHORT, stateTag } from './vocab.ts';

export function FlagTags({ flags }: { flags: readonly string[] }) {
  if (!flags.length) return null;
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color={FLAG_COLORS[f] ?? 'default'} style={{ marginInlineEnd: 4 }}>
          {FLAGS[f] ?? f}
        </Tag>
      ))}
    </>
  );
}

/** The next time limit: step, due date, working days left, and a red tag once it has passed. */
export function DueCell({ c, today }: { c: Pick<CaseSummary, 'nextDue' | 'overdue'>; today?: string }) {
  if (!c.nextDue) return <Typography.Text type="secondary">—</Typography.Text>;
  const info = dueInfo(c.nextDue.due, today);
  const overdue = c.overdue || info.overdue;
  return (
    <div>
      <div>
        {c.nextDue.name}
        {overdue && (
          <Tag color="red" style={{ marginInlineStart: 6 }}>
            超期
          </Tag>
        )}
      </div>
      <Typography.Text type={overdue ? 'danger' : info.remaining !== null && info.remaining <= 2 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
        {cnDate(c.nextDue.due)} · {info.text}
      </Typography.Text>
    </div>
  );
}

/** Columns shared by 我的待办, 案件查询 and 逾期督办. */
export function caseColumns(link: (path: string) => string): ColumnsType<CaseSummary> {
  return [
    {
      title: '案件编号',
      dataIndex: 'caseNo',
      width: 190,
      render: (v: string, c) => (
        <Link to={link(`/assistance/cases/${c.id}`)} onClick={(e) => e.stopPropagation()} style={{ fontFamily: 'monospace' }}>
          {v}
        </Link>
      ),
    },
    { title: '项目', dataIndex: 'programme', width: 80, render: (p: CaseSummary['programme']) => PROGRAMME_SHORT[p] ?? p },
    {
      title: '申请人',
      key: 'applicant',
      width: 200,
      render: (_, c) => (
        <Space size={6}>
          <span>{c.applicantName}</span>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
            {c.applicantIdMasked}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '人数', dataIndex: 'householdSize', width: 60, align: 'right' },
    {
      title: '区划',
      dataIndex: 'regionName',
      width: 160,
      ellipsis: true,
      render: (name: string, c) => <Tooltip title={c.regionCode}>{name}</Tooltip>,
    },
    {
      title: '状态',
      dataIndex: 'state',
      width: 130,
      render: (s: string, c) => (
        <>
          <StatusTag value={s} options={{ [s]: stateTag(s, c.stateName) }} />
          <FlagTags flags={c.flags} />
        </>
      ),
    },
    { title: '金额', dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number | null) => money(v) },
    { title: '办理时限', key: 'due', width: 220, render: (_, c) => <DueCell c={c} /> },
    // 低保 in payment: the day of the next re-check (低保办法第三十一条), red once it has come.
    { title: '复核期限', key: 'recheck', width: 170, render: (_, c) => <RecheckCell c={c} /> },
    { title: '更新时间', dataIndex: 'updatedAt', width: 160, render: (v: string) => cnDateTime(v) },
  ];
}
