import { Alert, Button, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ModalForm, PageShell, ProblemAlert, StatusTag, useSession, useViewRegion, type StatusOption } from '@mz/ui';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  computeGrade, DEFAULT_GRADE_THRESHOLDS, GRADE_NAMES, GRADE_PARTS, RATING_STATUS_NAMES, type Grade, type GradeThreshold, type PartScores,
} from '../domain/index.ts';
import { useAddParam, useInstitutionPicks, useQualityParams, useRatings, useSaveRating, type RatingDetail, type RatingView } from './quality.api.ts';

export const RATING_STATUS_OPTIONS: Record<string, StatusOption> = {
  draft: { text: RATING_STATUS_NAMES.draft, tone: 'default' },
  submitted: { text: RATING_STATUS_NAMES.submitted, tone: 'processing' },
  confirmed: { text: RATING_STATUS_NAMES.confirmed, tone: 'success' },
};

export function GradeTag({ grade, name }: { grade: number | null; name?: string }) {
  const colors = ['default', 'blue', 'cyan', 'green', 'gold', 'volcano'];
  return <Tag color={colors[grade ?? 0]}>{name ?? (grade ? GRADE_NAMES[grade as Grade] : '未评定')}</Tag>;
}

/** Thresholds as a sentence, with where they come from: they are regional, not national. */
export function ThresholdsNote({ thresholds, source }: { thresholds: readonly GradeThreshold[]; source: string }) {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      message={`评定标准（地方标准）：${source}`}
      description={(
        <>
          {thresholds.map((t) => `${GRADE_NAMES[t.grade]} 总分≥${t.minTotal} 且各部分≥满分的${t.minPartPercent}%`).join('；')}。
          总分 1000 分：环境 120、设施设备 130、运营管理 150、服务 600（GB/T 37276-2018）。国家层面的分级分数线未核实，各省可按生效日期调整。
        </>
      )}
    />
  );
}

interface SheetValues {
  institutionId?: string;
  ratedOn: dayjs.Dayjs;
  scores: PartScores;
  itemNotes?: Record<string, string>;
  evaluators?: string;
}

/** The scoring sheet: four part scores (and what cost points), with the grade it earns shown as it is keyed. */
export function RatingSheetModal({ open, onClose, rating, onSaved }: { open: boolean; onClose: () => void; rating?: RatingDetail; onSaved: (r: RatingDetail) => void }) {
  const picks = useInstitutionPicks(true);
  const [institutionId, setInstitutionId] = useState<string | undefined>(rating?.institutionId);
  const regionCode = picks.data?.items.find((i) => i.id === institutionId)?.regionCode ?? rating?.regionCode;
  const params = useQualityParams(regionCode);
  const save = useSaveRating(rating?.id);
  const [scores, setScores] = useState<Partial<PartScores>>(rating?.scores ?? {});
  const thresholds = params.data?.gradeThresholds.value ?? DEFAULT_GRADE_THRESHOLDS;
  const complete = GRADE_PARTS.every((p) => typeof scores[p.key] === 'number');
  const preview = complete ? computeGrade(scores as PartScores, thresholds) : null;
  return (
    <ModalForm<SheetValues>
      name="rating"
      open={open}
      width={720}
      title={rating ? `修改评分：${rating.institutionName}` : '新建等级评定'}
      okText="保存草稿"
      initialValues={rating
        ? { ratedOn: dayjs(rating.ratedOn), scores: rating.scores, itemNotes: rating.itemNotes, evaluators: rating.evaluators ?? undefined }
        : { ratedOn: dayjs() }}
      intro={params.data && <ThresholdsNote thresholds={thresholds} source={params.data.gradeThresholds.source} />}
      onClose={onClose}
      onSubmit={async (v) => {
        const body = {
          ...(rating ? { version: rating.version } : { institutionId: v.institutionId }),
          ratedOn: v.ratedOn.format('YYYY-MM-DD'), scores: v.scores,
          itemNotes: Object.fromEntries(Object.entries(v.itemNotes ?? {}).filter(([, n]) => n && n.trim())), evaluators: v.evaluators?.trim() || undefined,
        };
        onSaved(await save.mutateAsync(body));
      }}
    >
      {!rating && (
        <Form.Item name="institutionId" label="养老机构" rules={[{ required: true, message: '请选择机构' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={picks.isPending}
            onChange={(v: string) => setInstitutionId(v)}
            options={(picks.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.regionName ?? i.regionCode}）` }))}
          />
        </Form.Item>
      )}
      <Space wrap>
        <Form.Item name="ratedOn" label="现场评定日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="evaluators" label="评定人员"><Input style={{ width: 320 }} maxLength={200} placeholder="如：张评定、王评定" /></Form.Item>
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={GRADE_PARTS.map((p) => ({ ...p }))}
        columns={[
          { title: '评定部分', dataIndex: 'name', width: 100 },
          { title: '满分', dataIndex: 'max', width: 60, align: 'right' },
          {
            title: '得分', key: 'score', width: 140,
            render: (_: unknown, p) => (
              <Form.Item name={['scores', p.key]} noStyle rules={[{ required: true, message: `请填写${p.name}得分` }]}>
                <InputNumber min={0} max={p.max} step={0.5} precision={1} style={{ width: 120 }} onChange={(v) => setScores((s) => ({ ...s, [p.key]: v ?? undefined }))} />
              </Form.Item>
            ),
          },
          {
            title: '扣分说明', key: 'note',
            render: (_: unknown, p) => <Form.Item name={['itemNotes', p.key]} noStyle><Input maxLength={500} placeholder="主要扣分项" /></Form.Item>,
          },
        ]}
      />
      {preview && (
        <Descriptions size="small" style={{ marginTop: 12 }} column={2} bordered>
          <Descriptions.Item label="总分">{preview.total}</Descriptions.Item>
          <Descriptions.Item label="初评等级"><GradeTag grade={preview.grade} name={preview.gradeName} /></Descriptions.Item>
          {preview.shortOfNext.length > 0 && (
            <Descriptions.Item label="未达上一等级" span={2}>{preview.shortOfNext.join('；')}</Descriptions.Item>
          )}
        </Descriptions>
      )}
    </ModalForm>
  );
}

interface ThresholdValues { effectiveFrom: dayjs.Dayjs; note?: string; rows: { minTotal: number; minPartPercent: number }[] }

function ThresholdsModal({ open, onClose, current }: { open: boolean; onClose: () => void; current: readonly GradeThreshold[] }) {
  const add = useAddParam();
  return (
    <ModalForm<ThresholdValues>
      name="thresholds"
      open={open}
      title="设置本辖区等级评定标准（新版本）"
      intro={<Typography.Paragraph type="secondary">新标准自生效日期起适用于新提交和确认的评定；已确认的等级不受影响。下级区划的标准优先于上级。</Typography.Paragraph>}
      initialValues={{ effectiveFrom: dayjs(), rows: current.map((t) => ({ minTotal: t.minTotal, minPartPercent: t.minPartPercent })) }}
      onClose={onClose}
      onSubmit={async (v) => {
        await add.mutateAsync({
          kind: 'grade_thresholds', effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), note: v.note?.trim() || undefined,
          value: v.rows.map((r, i) => ({ grade: i + 1, minTotal: r.minTotal, minPartPercent: r.minPartPercent })),
        });
        onClose();
      }}
    >
      <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} /></Form.Item>
      {[1, 2, 3, 4, 5].map((g, i) => (
        <Space key={g} align="baseline">
          <span style={{ width: 40, display: 'inline-block' }}>{GRADE_NAMES[g as Grade]}</span>
          <Form.Item name={['rows', i, 'minTotal']} label="总分≥" rules={[{ required: true, message: '必填' }]}><InputNumber min={0} max={1000} precision={0} /></Form.Item>
          <Form.Item name={['rows', i, 'minPartPercent']} label="各部分≥%" rules={[{ required: true, message: '必填' }]}><InputNumber min={0} max={100} precision={0} /></Form.Item>
        </Space>
      ))}
      <Form.Item name="note" label="依据"><Input maxLength={500} placeholder="如：某省养老机构等级评定实施细则" /></Form.Item>
    </ModalForm>
  );
}

/** 等级评定: the ratings of the jurisdiction (待确认 first), the regional thresholds, a new scoring sheet. */
export function QualityRatingsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editingThresholds, setEditingThresholds] = useState(false);
  const view = useViewRegion();
  const ratings = useRatings({ regionCode: view.toParam(view.code), status, page, pageSize: 20 });
  const params = useQualityParams();
  return (
    <PageShell
      title="养老机构等级评定"
      description="GB/T 37276 评分表录入、提交、县级及以上确认；确认后写入机构等级"
      extra={(
        <Space>
          {can('elderly.quality.params') && <Button onClick={() => setEditingThresholds(true)}>设置评定标准</Button>}
          {can('elderly.rating.edit') && <Button type="primary" onClick={() => setCreating(true)}>新建评定</Button>}
        </Space>
      )}
    >
      {params.data && <ThresholdsNote thresholds={params.data.gradeThresholds.value} source={params.data.gradeThresholds.source} />}
      {ratings.error && <ProblemAlert error={ratings.error} />}
      <div className="mz-panel">
        <Space style={{ marginBottom: 12 }}>
          <span>状态</span>
          <Select allowClear style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
            options={Object.entries(RATING_STATUS_NAMES).map(([value, label]) => ({ value, label }))} placeholder="全部" />
        </Space>
        <Table<RatingView>
          size="small"
          rowKey="id"
          loading={ratings.isFetching}
          dataSource={ratings.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: ratings.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
          locale={{ emptyText: '暂无评定' }}
          columns={[
            { title: '编号', dataIndex: 'ratingNo', width: 70 },
            { title: '机构', dataIndex: 'institutionName', render: (v: string, r) => <Link to={`/elderly/ratings/${r.id}`}>{v}</Link> },
            { title: '区划', dataIndex: 'regionName', width: 140 },
            { title: '评定日期', dataIndex: 'ratedOn', width: 110 },
            { title: '总分', dataIndex: 'total', width: 80, align: 'right' },
            { title: '等级', key: 'grade', width: 110, render: (_: unknown, r) => <GradeTag grade={r.grade} name={r.gradeName} /> },
            { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag value={v} options={RATING_STATUS_OPTIONS} /> },
            { title: '确认日期', dataIndex: 'gradedOn', width: 110, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </div>
      {creating && <RatingSheetModal open onClose={() => setCreating(false)} onSaved={(r) => navigate(`/elderly/ratings/${r.id}`)} />}
      {editingThresholds && params.data && <ThresholdsModal open onClose={() => setEditingThresholds(false)} current={params.data.gradeThresholds.value} />}
    </PageShell>
  );
}
