import { EditOutlined, PrinterOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Skeleton, Space, Table, Typography } from 'antd';
import { EMPTY, formatDateTime, PageShell, ProblemAlert, StatusTag, useSession } from '@mz/ui';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ASSESSMENT_ITEMS, DIMENSIONS, optionText } from '../domain/assessment.catalog.ts';
import { assessmentReportUrl, useAssessment, useVoidAssessment, type AssessmentDetail } from './assessment.api.ts';
import { LEVEL_OPTIONS, MANAGE, STATUS_OPTIONS, VOID, assessmentPath } from './assessment.labels.ts';

const SEX: Record<string, string> = { male: '男', female: '女' };

/** 评估详情: person, result with change reasons, every item's answer, diagnoses, risk events, assessors; print and void. */
export function AssessmentDetailPage() {
  const { id } = useParams<{ id: string }>();
  const a = useAssessment(id);
  const { can } = useSession();
  const navigate = useNavigate();
  const [voiding, setVoiding] = useState(false);
  const d = a.data;
  return (
    <PageShell
      title={d ? `老年人能力评估：${d.personName}` : '老年人能力评估'}
      breadcrumb={[{ title: '老年人能力评估', onClick: () => navigate('/elderly/assessments') }, { title: '详情' }]}
      extra={d && (
        <Space>
          {d.status === 'draft' && can(MANAGE) && <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`${assessmentPath(d.id)}/edit`)}>继续填写</Button>}
          {d.status !== 'draft' && <Button icon={<PrinterOutlined />} href={assessmentReportUrl(d.id)} target="_blank">打印评估报告</Button>}
          {d.current && can(MANAGE) && (
            <Button icon={<ReloadOutlined />} onClick={() => navigate(`/elderly/assessments/new?personId=${d.personId}&reason=routine`)}>复评</Button>
          )}
          {d.status === 'completed' && can(VOID) && <Button danger icon={<StopOutlined />} onClick={() => setVoiding(true)}>作废</Button>}
        </Space>
      )}
    >
      {a.error && <ProblemAlert error={a.error} />}
      {!d && !a.error && <Skeleton active />}
      {d && <AssessmentView a={d} />}
      {d && voiding && <VoidDialog a={d} onClose={() => setVoiding(false)} />}
    </PageShell>
  );
}

export function AssessmentView({ a }: { a: AssessmentDetail }) {
  return (
    <>
      {a.status === 'voided' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`已作废（${a.voidedByName ?? EMPTY}，${formatDateTime(a.voidedAt)}）`} description={a.voidReason} />}
      <div className="mz-panel">
        <Descriptions size="small" bordered column={3} title="基本信息">
          <Descriptions.Item label="姓名">{a.personName}</Descriptions.Item>
          <Descriptions.Item label="性别">{a.sex ? SEX[a.sex] ?? a.sex : EMPTY}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{a.idMasked}</Descriptions.Item>
          <Descriptions.Item label="评估时年龄">{a.ageOnAssessment ?? EMPTY} 周岁</Descriptions.Item>
          <Descriptions.Item label="所在地">{a.regionName ?? a.regionCode}</Descriptions.Item>
          <Descriptions.Item label="状态"><StatusTag value={a.status} options={STATUS_OPTIONS} />{a.current && <StatusTag tone="success">当前等级</StatusTag>}</Descriptions.Item>
          <Descriptions.Item label="评估日期">{a.assessedOn}</Descriptions.Item>
          <Descriptions.Item label="评估原因">{a.reasonName}</Descriptions.Item>
          <Descriptions.Item label="评估地点">{a.place ?? EMPTY}</Descriptions.Item>
        </Descriptions>
      </div>
      <div className="mz-panel">
        <Descriptions size="small" bordered column={2} title="评估结果">
          <Descriptions.Item label="总分">{a.totalScore === null ? '未完成' : `${a.totalScore} / 90`}</Descriptions.Item>
          <Descriptions.Item label="各维度">{a.dimensionScores ? a.dimensionScores.map((d) => `${d.name} ${d.score}/${d.max}`).join('；') : EMPTY}</Descriptions.Item>
          <Descriptions.Item label="初步等级">{a.preliminaryLevel === null ? EMPTY : <StatusTag value={String(a.preliminaryLevel)} options={LEVEL_OPTIONS} />}</Descriptions.Item>
          <Descriptions.Item label="最终等级"><span data-testid="final-level">{a.finalLevel === null ? EMPTY : <StatusTag value={String(a.finalLevel)} options={LEVEL_OPTIONS} />}</span></Descriptions.Item>
          <Descriptions.Item label="等级变更依据" span={2}>
            {a.changeReasons.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{a.changeReasons.map((r) => <li key={r.rule}>{r.text}</li>)}</ul> : a.status === 'draft' ? EMPTY : '无'}
          </Descriptions.Item>
          <Descriptions.Item label="下次评估日期">
            {a.nextDueOn ? (a.dueState === 'overdue' ? <Typography.Text type="danger">{a.nextDueOn}（已逾期）</Typography.Text> : a.nextDueOn) : EMPTY}
          </Descriptions.Item>
          <Descriptions.Item label="完成">{a.completedByName ? `${a.completedByName}，${formatDateTime(a.completedAt)}` : EMPTY}</Descriptions.Item>
        </Descriptions>
      </div>
      <div className="mz-panel">
        <Typography.Title level={5}>评估项目</Typography.Title>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={ASSESSMENT_ITEMS.map((i) => ({ ...i, score: a.answers[i.code] }))}
          columns={[
            { title: '维度', dataIndex: 'dimension', width: 150, render: (v: string) => DIMENSIONS.find((d) => d.code === v)?.name },
            { title: '项目', dataIndex: 'name', width: 160 },
            { title: '评定结果', key: 'text', render: (_, i) => (i.score === undefined ? <Typography.Text type="secondary">未评定</Typography.Text> : optionText(i.code, i.score)) },
            { title: '得分', key: 'score', width: 90, render: (_, i) => (i.score === undefined ? EMPTY : `${i.score} / ${i.max}`) },
          ]}
        />
      </div>
      <div className="mz-panel">
        <Descriptions size="small" bordered column={1} title="诊断、风险事件与评估员">
          <Descriptions.Item label="疾病诊断">{a.diagnoses.length ? a.diagnoses.map((d) => (d.name ? `${d.code} ${d.name}` : d.code)).join('；') : '无'}</Descriptions.Item>
          <Descriptions.Item label="照护风险事件">{a.riskEvents.length ? a.riskEvents.map((e) => `${e.date} ${e.kindName}${e.note ? `（${e.note}）` : ''}`).join('；') : '无'}</Descriptions.Item>
          <Descriptions.Item label="评估员">{a.assessors.filter((x) => x.name).map((x) => `${x.name}（证书编号 ${x.certNo || EMPTY}）`).join('；') || EMPTY}</Descriptions.Item>
        </Descriptions>
      </div>
    </>
  );
}

function VoidDialog({ a, onClose }: { a: AssessmentDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useVoidAssessment(a.id);
  const { message } = App.useApp();
  return (
    <Modal
      open
      title="作废评估"
      okText="作废"
      okButtonProps={{ danger: true, loading: mutation.isPending }}
      onCancel={onClose}
      onOk={() => form.validateFields().then((v) => mutation.mutate({ version: a.version, reason: v.reason }, {
        onSuccess: () => { message.success('评估已作废'); onClose(); },
      }))}
    >
      <Typography.Paragraph>作废后，该老人的能力等级以其上一次已完成的评估为准；补贴和照护计划随之变化。</Typography.Paragraph>
      {mutation.error && <ProblemAlert error={mutation.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="作废原因" rules={[{ required: true, min: 2, message: '请填写作废原因（至少 2 个字）' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
