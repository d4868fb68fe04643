import { Button, Descriptions, Form, Input, Skeleton, Space, Table, Timeline, Typography } from 'antd';
import { ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useSession } from '@mz/ui';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { GRADE_PARTS, type RatingAction } from '../domain/index.ts';
import { useRating, useRatingAction } from './quality.api.ts';
import { GradeTag, RATING_STATUS_OPTIONS, RatingSheetModal, ThresholdsNote } from './quality-ratings-page.tsx';

/** 评定详情: the sheet with each part's share, why the next grade was missed, the decision timeline and the next steps. */
export function QualityRatingDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can } = useSession();
  const rating = useRating(id);
  const act = useRatingAction(id ?? '');
  const [acting, setActing] = useState<{ key: RatingAction; name: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const r = rating.data;
  return (
    <PageShell
      title={r ? `等级评定 · ${r.institutionName}` : '等级评定'}
      breadcrumb={[{ title: '等级评定', onClick: () => navigate('/elderly/ratings') }, { title: r ? `第 ${r.ratingNo} 号` : '' }]}
      extra={r && (
        <Space>
          {r.status === 'draft' && can('elderly.rating.edit') && <Button onClick={() => setEditing(true)}>修改评分</Button>}
          {r.availableActions.map((a) => (
            <Button key={a.key} type={a.key === 'confirm' ? 'primary' : 'default'} danger={a.key === 'return'} onClick={() => setActing(a)}>{a.name}</Button>
          ))}
        </Space>
      )}
    >
      {rating.error && <ProblemAlert error={rating.error} />}
      {!r ? <Skeleton active /> : (
        <>
          <div className="mz-panel">
            <Descriptions size="small" bordered column={3}>
              <Descriptions.Item label="机构">{r.institutionName}</Descriptions.Item>
              <Descriptions.Item label="区划">{r.regionName ?? r.regionCode}</Descriptions.Item>
              <Descriptions.Item label="状态"><StatusTag value={r.status} options={RATING_STATUS_OPTIONS} /></Descriptions.Item>
              <Descriptions.Item label="评定日期">{r.ratedOn}</Descriptions.Item>
              <Descriptions.Item label="评定人员">{r.evaluators ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="确认日期">{r.gradedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="总分">{r.total} / 1000</Descriptions.Item>
              <Descriptions.Item label={r.status === 'confirmed' ? '评定等级' : '初评等级'}><GradeTag grade={r.grade} name={r.gradeName} /></Descriptions.Item>
              <Descriptions.Item label="意见">{r.opinion ?? '—'}</Descriptions.Item>
            </Descriptions>
          </div>
          <ThresholdsNote thresholds={r.thresholds} source={r.thresholdsSource} />
          <div className="mz-panel">
            <Typography.Title level={5}>评分表</Typography.Title>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={r.result.parts}
              columns={[
                { title: '评定部分', dataIndex: 'name' },
                { title: '满分', dataIndex: 'max', align: 'right' },
                { title: '得分', dataIndex: 'score', align: 'right' },
                { title: '得分率', dataIndex: 'percent', align: 'right', render: (v: number) => `${v.toFixed(1)}%` },
                { title: '扣分说明', key: 'note', render: (_: unknown, p) => r.itemNotes[p.key as (typeof GRADE_PARTS)[number]['key']] ?? '—' },
              ]}
            />
            {r.result.shortOfNext.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>未达上一等级：{r.result.shortOfNext.join('；')}</Typography.Paragraph>
            )}
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>办理记录</Typography.Title>
            <Timeline
              items={r.events.map((e) => ({
                children: <>{formatDateTime(e.at)} {e.byName ?? ''} <b>{e.actionName}</b>{e.opinion ? `：${e.opinion}` : ''}</>,
              }))}
            />
          </div>
          {acting && (
            <ModalForm<{ opinion?: string }>
              name="rating-action"
              open
              title={`${acting.name}：${r.institutionName}`}
              danger={acting.key === 'return'}
              intro={acting.key === 'confirm'
                ? <Typography.Paragraph>确认后机构等级将记为 <GradeTag grade={r.grade} name={r.gradeName} />，按评定日期适用的地方标准重新核算。</Typography.Paragraph>
                : undefined}
              onClose={() => setActing(null)}
              onSubmit={async (v) => { await act.mutateAsync({ action: acting.key, opinion: v.opinion?.trim() || undefined, version: r.version }); setActing(null); }}
            >
              <Form.Item name="opinion" label="意见" rules={acting.key === 'return' ? [{ required: true, message: '退回时须说明理由' }] : []}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </ModalForm>
          )}
          {editing && <RatingSheetModal open rating={r} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
        </>
      )}
    </PageShell>
  );
}
