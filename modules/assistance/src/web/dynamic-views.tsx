/**
 * The case page's parts for 低保 in payment (动态管理): the re-check due, introduced jobs refused
 * (低保办法第三十四条), members whose own share is stopped, and the household's 低保边缘家庭
 * recognition.
 */
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import { JOB_REFUSAL_LIMIT } from '@mz/assistance';
import type { CaseDetail, CaseSummary } from './assistance.api.ts';
import { cnDate, cnMonth, EMPTY } from './format.ts';

type JobRefusal = CaseDetail['jobRefusals'][number];

/** 复核期限: the day, red with 待复核 once it has come (or a death calls for an early one). */
export function RecheckCell({ c }: { c: Pick<CaseSummary, 'recheckDueOn' | 'recheckDue'> }) {
  if (!c.recheckDueOn) return <Typography.Text type="secondary">{EMPTY}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text type={c.recheckDue ? 'danger' : undefined}>{cnDate(c.recheckDueOn)}</Typography.Text>
      {c.recheckDue && <Tag color="red">待复核</Tag>}
    </Space>
  );
}

/** 低保边缘家庭: in force until its last day, ended early, or run out. */
export function EdgeFamilyTag({ recognition: r }: { recognition: CaseDetail['edgeFamilyRecognition'] }) {
  if (!r) return null;
  const text = r.active ? `低保边缘家庭 有效期至${cnDate(r.validUntil)}` : r.endedOn ? '低保边缘家庭 已终止' : '低保边缘家庭 已过期';
  const why = `${r.sourceName}，${cnDate(r.recognisedOn)}认定${r.endedOn ? `，${cnDate(r.endedOn)}终止` : ''}`;
  return (
    <Tooltip title={why}>
      <Tag color={r.active ? 'blue' : 'default'} data-testid="edge-family-tag">
        {text}
      </Tag>
    </Tooltip>
  );
}

/** Members' current runs of refusals, each refusal with its date, job and employer. */
export function JobRefusalsTable({ rows }: { rows: JobRefusal[] }) {
  return (
    <Table<JobRefusal>
      size="small"
      rowKey="personId"
      dataSource={rows}
      pagination={false}
      data-testid="job-refusals"
      locale={{ emptyText: '没有拒绝介绍工作的记录' }}
      columns={[
        { title: '成员', dataIndex: 'name', width: 100 },
        {
          title: '连续次数',
          dataIndex: 'consecutive',
          width: 100,
          render: (n: number) => <Tag color={n >= JOB_REFUSAL_LIMIT ? 'red' : n === JOB_REFUSAL_LIMIT - 1 ? 'orange' : 'default'}>{n} 次</Tag>,
        },
        {
          title: '日期 / 岗位 / 用人单位',
          key: 'refusals',
          render: (_, r) => (
            <div>
              {r.refusals.map((x, i) => (
                <div key={i}>
                  {cnDate(x.on)} · {x.job} · {x.employer}
                </div>
              ))}
            </div>
          ),
        },
      ]}
    />
  );
}

/** Members whose own share has stopped, from which month and why. */
export function ExcludedMembersList({ members }: { members: CaseDetail['excludedMembers'] }) {
  return (
    <div data-testid="excluded-members">
      {members.map((m) => (
        <div key={m.personId} style={{ padding: '4px 0' }}>
          <Space size={8} wrap>
            <Typography.Text strong>{m.name}</Typography.Text>
            <Tag color="red">自{cnMonth(m.fromMonth)}起停发</Tag>
            <Typography.Text type="secondary">{m.reason}</Typography.Text>
          </Space>
        </div>
      ))}
    </div>
  );
}
