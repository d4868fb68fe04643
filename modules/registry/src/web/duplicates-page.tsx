import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Spin, Tag, Typography } from 'antd';
import { errorText, PageShell, ProblemAlert, StatusTag, useViewRegion } from '@mz/ui';
import type { PersonSummary } from '@mz/registry';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DUPLICATE_REASONS, hukouLabel, PERSON_STATUS_TAGS, sexLabel } from './labels.ts';
import { useDismissDuplicate, useDuplicates, useMergeDuplicate, type DuplicatePair } from './registry.api.ts';

/** Which fields differ between the two records (shown in orange). */
function differs(a: PersonSummary, b: PersonSummary, key: keyof PersonSummary) {
  return a[key] !== b[key];
}

function PersonSide({ p, other, side }: { p: PersonSummary; other: PersonSummary; side: '左' | '右' }) {
  const view = useViewRegion();
  const mark = (key: keyof PersonSummary, node: ReactNode) => (differs(p, other, key) ? <Typography.Text type="warning">{node}</Typography.Text> : node);
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      title={
        <Space>
          <Tag>{side}</Tag>
          <Link to={view.link(`/registry/persons/${p.id}`)} target="_blank">
            {p.name}
          </Link>
        </Space>
      }
      items={[
        { key: 'id', label: '身份证号', children: mark('idNumberMasked', <span style={{ fontFamily: 'monospace' }}>{p.idNumberMasked}</span>) },
        { key: 'name', label: '姓名', children: mark('name', p.name) },
        { key: 'sex', label: '性别', children: mark('sex', sexLabel(p.sex)) },
        { key: 'birth', label: '出生日期', children: mark('birthDate', `${p.birthDate}（${p.age} 岁）`) },
        { key: 'region', label: '所属区划', children: mark('regionName', p.regionName) },
        { key: 'hukou', label: '户籍类型', children: mark('hukouType', hukouLabel(p.hukouType)) },
        { key: 'phone', label: '联系电话', children: mark('phoneMasked', p.phoneMasked ?? '—') },
        { key: 'status', label: '状态', children: <StatusTag value={p.status} options={PERSON_STATUS_TAGS} /> },
        { key: 'household', label: '家庭', children: p.householdId ? <Link to={view.link(`/registry/households/${p.householdId}`)}>已入户</Link> : '未入户' },
      ]}
    />
  );
}

function PairCard({ pair }: { pair: DuplicatePair }) {
  const { message } = App.useApp();
  const merge = useMergeDuplicate();
  const dismiss = useDismissDuplicate();
  const busy = merge.isPending || dismiss.isPending;
  const keep = (p: PersonSummary, drop: PersonSummary, side: '左' | '右') => (
    <Popconfirm
      title={`合并，保留${side}边的 ${p.name}？`}
      description={<>另一条记录（{drop.idNumberMasked}）将并入保留的记录并删除，<br />其家庭成员关系转到保留的记录。此操作不可撤销。</>}
      okText="合并"
      okButtonProps={{ danger: true }}
      onConfirm={() =>
        merge.mutateAsync({ id: pair.id, keepPersonId: p.id }).then(
          () => void message.success(`已合并，保留 ${p.name}（${p.idNumberMasked}）`),
          (err) => void message.error(errorText(err)),
        )
      }
    >
      <Button disabled={busy} loading={merge.isPending && merge.variables?.keepPersonId === p.id}>
        合并（保留{side}）
      </Button>
    </Popconfirm>
  );
  return (
    <Card
      size="small"
      title={
        <Space>
          疑似重复
          <Tag color={pair.reason === 'id_typo' ? 'orange' : 'gold'}>{DUPLICATE_REASONS[pair.reason] ?? pair.reason}</Tag>
        </Space>
      }
      extra={
        <Space>
          {keep(pair.a, pair.b, '左')}
          {keep(pair.b, pair.a, '右')}
          <Popconfirm
            title="标记为不是重复？"
            description="这两条记录将不再出现在疑似重复列表中。"
            okText="确认"
            onConfirm={() =>
              dismiss.mutateAsync(pair.id).then(
                () => void message.success('已标记为不是重复'),
                (err) => void message.error(errorText(err)),
              )
            }
          >
            <Button type="link" disabled={busy} loading={dismiss.isPending}>
              不是重复
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <PersonSide p={pair.a} other={pair.b} side="左" />
        </Col>
        <Col xs={24} lg={12}>
          <PersonSide p={pair.b} other={pair.a} side="右" />
        </Col>
      </Row>
    </Card>
  );
}

/** 疑似重复: pairs of records that may be one person; merge keeping one, or dismiss. */
export function DuplicatesPage() {
  const duplicates = useDuplicates();
  const items = duplicates.data?.items ?? [];
  return (
    <PageShell
      title="疑似重复"
      description="同名同生日、或身份证号只差一位的人员记录，核实后合并或标记为不是重复；不同之处以橙色标出"
      extra={items.length > 0 && <Typography.Text type="secondary">待处理 {items.length} 对</Typography.Text>}
    >
      {duplicates.error && (
        <div className="mz-panel">
          <ProblemAlert error={duplicates.error} />
        </div>
      )}
      {duplicates.isPending ? (
        <div className="mz-panel" style={{ textAlign: 'center' }}>
          <Spin />
        </div>
      ) : items.length === 0 && !duplicates.error ? (
        <div className="mz-panel">
          <Empty description="没有待处理的疑似重复记录" />
        </div>
      ) : (
        items.map((pair) => <PairCard key={pair.id} pair={pair} />)
      )}
    </PageShell>
  );
}
