import { ApartmentOutlined, MergeCellsOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PageShell, ProblemAlert, StatusTag, useSession, useViewRegion } from '@mz/ui';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { HEAD_RELATION } from '../domain/person.codes.ts';
import { AddMemberModal, LeaveModal, MergeModal, SplitModal } from './household-actions.tsx';
import { PERSON_STATUS_TAGS } from './labels.ts';
import { useHousehold, type HouseholdDetail, type Member } from './registry.api.ts';

const DAY = 'YYYY-MM-DD';
const mono = (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>;

/** The `?on=` date when it is a real YYYY-MM-DD, else undefined (today). */
function onDateParam(raw: string | null): string | undefined {
  return raw && dayjs(raw, DAY, true).isValid() ? raw : undefined;
}

/** Current members first by start date, the head on top. */
function byHeadThenStart(a: Member, b: Member) {
  return Number(b.relation === HEAD_RELATION) - Number(a.relation === HEAD_RELATION) || a.validFrom.localeCompare(b.validFrom);
}

/** 家庭详情: head, address, members on a date (`?on=`), membership history, and 户 changes. */
export function HouseholdDetailPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const on = onDateParam(params.get('on'));
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const household = useHousehold(id, on);
  const h = household.data;
  // Changes are made to today's household, not to a past view of it.
  const write = can('person.write') && !!h && !h.dissolvedOn && !on;

  const [action, setAction] = useState<'add' | 'split' | 'merge' | null>(null);
  const [leaving, setLeaving] = useState<Member | null>(null);

  const setOn = (d: string | undefined) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (d) p.set('on', d);
      else p.delete('on');
      return p;
    });

  const done = (text: string, result?: HouseholdDetail) => {
    setAction(null);
    setLeaving(null);
    message.success(text);
    if (result && result.id !== id) navigate(view.link(`/registry/households/${result.id}`));
  };

  const personLink = (m: Member) => <Link to={view.link(`/registry/persons/${m.person.id}`)}>{m.person.name}</Link>;

  return (
    <PageShell
      title={h ? `家庭详情：${h.head?.name ?? '（无户主）'}户` : '家庭详情'}
      breadcrumb={[{ title: '家庭查询', onClick: () => navigate(view.link('/registry/households')) }, { title: h?.head?.name ?? '详情' }]}
      extra={
        write && (
          <>
            <Button icon={<UserAddOutlined />} onClick={() => setAction('add')}>
              添加成员
            </Button>
            <Button icon={<ApartmentOutlined />} onClick={() => setAction('split')} disabled={h.members.length < 2}>
              分户
            </Button>
            <Button icon={<MergeCellsOutlined />} onClick={() => setAction('merge')}>
              合户
            </Button>
          </>
        )
      }
    >
      {household.error && !h ? (
        <div className="mz-panel">
          <ProblemAlert error={household.error} />
        </div>
      ) : !h ? (
        <div className="mz-panel">
          <Skeleton active />
        </div>
      ) : (
        <>
          <div className="mz-panel">
            {h.dissolvedOn && <Alert type="warning" showIcon title={`该家庭已于 ${h.dissolvedOn} 注销`} style={{ marginBottom: 12 }} />}
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                {
                  key: 'head',
                  label: '户主',
                  children: h.head ? (
                    <Space>
                      <Link to={view.link(`/registry/persons/${h.head.id}`)}>{h.head.name}</Link>
                      {mono(h.head.idNumberMasked)}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">无户主</Typography.Text>
                  ),
                },
                { key: 'region', label: '所属区划', children: <span title={h.regionCode}>{h.regionName}</span> },
                { key: 'count', label: '现有成员', children: `${h.members.length} 人` },
                { key: 'address', label: '住址', span: 'filled', children: h.address },
              ]}
            />
          </div>

          <div className="mz-panel">
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {on ? `${on} 的成员` : '当前成员'}
              </Typography.Title>
              <span style={{ marginLeft: 'auto' }}>查看日期</span>
              <DatePicker
                value={on ? dayjs(on, DAY) : null}
                onChange={(d) => setOn(d ? d.format(DAY) : undefined)}
                placeholder="今天"
                allowClear
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                style={{ width: 150 }}
              />
            </div>
            {household.error && <ProblemAlert error={household.error} />}
            <Table<Member>
              size="small"
              rowKey="memberId"
              loading={household.isFetching}
              dataSource={[...h.members].sort(byHeadThenStart)}
              pagination={false}
              locale={{ emptyText: on ? '该日期没有成员' : '暂无成员' }}
              columns={[
                { title: '姓名', key: 'name', width: 120, render: (_, m) => personLink(m) },
                { title: '身份证号', key: 'id', width: 180, render: (_, m) => mono(m.person.idNumberMasked) },
                {
                  title: '与户主关系',
                  dataIndex: 'relationName',
                  width: 110,
                  render: (v: string, m) => (m.relation === HEAD_RELATION ? <Tag color="blue">{v}</Tag> : v),
                },
                { title: '年龄', key: 'age', width: 60, align: 'right', render: (_, m) => m.person.age },
                { title: '状态', key: 'status', width: 90, render: (_, m) => <StatusTag value={m.person.status} options={PERSON_STATUS_TAGS} /> },
                { title: '起始日期', dataIndex: 'validFrom', width: 110 },
                ...(write
                  ? [
                      {
                        title: '操作',
                        key: 'actions',
                        width: 80,
                        render: (_: unknown, m: Member) => (
                          <Button type="link" size="small" danger onClick={() => setLeaving(m)}>
                            迁出
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </div>

          <div className="mz-panel">
            <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
              成员变动记录
            </Typography.Title>
            <Table<Member>
              size="small"
              rowKey="memberId"
              dataSource={[...h.history].sort((a, b) => a.validFrom.localeCompare(b.validFrom) || (a.validTo ?? '9').localeCompare(b.validTo ?? '9'))}
              pagination={false}
              locale={{ emptyText: '暂无记录' }}
              columns={[
                { title: '姓名', key: 'name', width: 120, render: (_, m) => personLink(m) },
                { title: '身份证号', key: 'id', width: 180, render: (_, m) => mono(m.person.idNumberMasked) },
                { title: '与户主关系', dataIndex: 'relationName', width: 110 },
                { title: '起始日期', dataIndex: 'validFrom', width: 110 },
                {
                  title: '截止日期',
                  dataIndex: 'validTo',
                  width: 110,
                  render: (v: string | null) => v ?? <Tag color="green">至今</Tag>,
                },
                { title: '结束原因', dataIndex: 'endedReason', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </div>

          <AddMemberModal household={h} open={action === 'add'} onClose={() => setAction(null)} onDone={done} />
          <SplitModal household={h} open={action === 'split'} onClose={() => setAction(null)} onDone={done} />
          <MergeModal household={h} open={action === 'merge'} onClose={() => setAction(null)} onDone={done} />
          <LeaveModal household={h} member={leaving} onClose={() => setLeaving(null)} onDone={done} />
        </>
      )}
    </PageShell>
  );
}
