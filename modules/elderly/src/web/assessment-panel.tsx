import { Button, Table, Typography } from 'antd';
import { StatusTag, useSession } from '@mz/ui';
import { Link, useNavigate } from 'react-router';
import { useAssessments, type AssessmentSummary } from './assessment.api.ts';
import { LEVEL_OPTIONS, MANAGE, READ, STATUS_OPTIONS, assessmentPath } from './assessment.labels.ts';

/**
 * The person page's 能力评估 panel: current level, when the next reassessment is due, and the
 * assessment history. Hidden from users without `elderly.read`.
 */
export function AssessmentPersonPanel({ personId }: { personId: string }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const allowed = can(READ);
  const list = useAssessments({ personId, page: 1, pageSize: 20 }, allowed);
  if (!allowed) return null;
  const items = list.data?.items ?? [];
  const current = items.find((a) => a.current);
  return (
    <div className="mz-panel" data-testid="assessment-panel">
      <Typography.Title level={5}>老年人能力评估</Typography.Title>
      <Typography.Paragraph>
        {current ? (
          <>当前等级：<StatusTag value={String(current.finalLevel)} options={LEVEL_OPTIONS} />（{current.assessedOn} 评估，总分 {current.totalScore}）；下次评估：
            {current.dueState === 'overdue' ? <Typography.Text type="danger">{current.nextDueOn}（已逾期）</Typography.Text> : current.nextDueOn}</>
        ) : list.isFetching ? '查询中…' : '尚无已完成的能力评估'}
        {can(MANAGE) && <Button size="small" style={{ marginInlineStart: 12 }} onClick={() => navigate(`/elderly/assessments/new?personId=${personId}&reason=${current ? 'routine' : 'initial'}`)}>{current ? '复评' : '新建评估'}</Button>}
      </Typography.Paragraph>
      {items.length > 0 && (
        <Table<AssessmentSummary>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          columns={[
            { title: '评估日期', dataIndex: 'assessedOn', width: 110, render: (v: string, a) => <Link to={assessmentPath(a.id)}>{v}</Link> },
            { title: '原因', dataIndex: 'reasonName', width: 130 },
            { title: '总分', dataIndex: 'totalScore', width: 70, render: (v: number | null) => v ?? '—' },
            { title: '最终等级', dataIndex: 'finalLevel', width: 120, render: (v: number | null) => (v === null ? '—' : <StatusTag value={String(v)} options={LEVEL_OPTIONS} />) },
            { title: '状态', dataIndex: 'status', render: (v: string) => <StatusTag value={v} options={STATUS_OPTIONS} /> },
          ]}
        />
      )}
    </div>
  );
}
