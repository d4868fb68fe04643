import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Affix, Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Select, Skeleton, Space, Statistic, Typography } from 'antd';
import { PageShell, ProblemAlert, StatusTag, toNamePath, type FieldError } from '@mz/ui';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { todayInShanghai } from '@mz/kernel';
import { ASSESSMENT_ITEMS, DIMENSIONS, itemsOf } from '../domain/assessment.catalog.ts';
import { ABILITY_LEVEL_NAMES, type AssessmentReason, type RiskEventKind } from '../domain/assessment.names.ts';
import { evaluateAssessment, isIcd10Code, normalizeIcd10 } from '../domain/assessment.rules.ts';
import {
  useAssessment, useCompleteAssessment, useCreateAssessment, usePersonSearch, useRegistryPerson, useSaveAssessment, type AssessmentDetail, type AssessmentSaveBody,
} from './assessment.api.ts';
import { LEVEL_OPTIONS, REASON_SELECT, RISK_EVENT_SELECT, assessmentPath } from './assessment.labels.ts';

interface FormValues {
  assessedOn: string;
  reason: AssessmentReason;
  place?: string;
  answers: Record<string, number | undefined>;
  diagnoses: { code?: string; name?: string }[];
  riskEvents: { kind?: RiskEventKind; date?: string; note?: string }[];
  assessors: { name?: string; certNo?: string }[];
}

/** Server field paths → antd name paths; item codes contain a dot (`answers.B1.1`), so they are kept whole. */
function showFieldErrors(form: ReturnType<typeof Form.useForm<FormValues>>[0], error: unknown): FieldError[] {
  const errors = (error as { errors?: FieldError[] } | null)?.errors ?? [];
  const fields = errors.map((e) => ({ name: e.path.startsWith('answers.') ? ['answers', e.path.slice('answers.'.length)] : toNamePath(e.path), errors: [e.message] }));
  form.setFields(fields as never);
  // Errors on the whole list (e.g. "assessors") have no single field: the alert lists them.
  return errors.filter((e) => e.path === 'assessors' || e.path === 'personId' || e.path === '');
}

/** 新建评估: pick the person (aged 60+), the date and reason; the draft is created and the form opens. */
export function AssessmentNewPage() {
  const navigate = useNavigate();
  const create = useCreateAssessment();
  const [term, setTerm] = useState('');
  const search = usePersonSearch(term);
  const [form] = Form.useForm<{ personId: string; assessedOn: string; reason: AssessmentReason }>();
  const today = todayInShanghai();
  // 复评 from a list or the person page arrives with the person (and reason) chosen.
  const [params] = useSearchParams();
  const presetId = params.get('personId');
  const presetReason = REASON_SELECT.some((r) => r.value === params.get('reason')) ? (params.get('reason') as AssessmentReason) : 'initial';
  const preset = useRegistryPerson(presetId);
  const found = search.data?.items ?? [];
  const people = preset.data && !found.some((p) => p.id === preset.data!.id) ? [preset.data, ...found] : found;

  return (
    <PageShell title="新建老年人能力评估" breadcrumb={[{ title: '老年人能力评估', onClick: () => navigate('/elderly/assessments') }, { title: '新建' }]}>
      <div className="mz-panel" style={{ maxWidth: 720 }}>
        {create.error && <ProblemAlert error={create.error} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ assessedOn: today, reason: presetReason, personId: presetId ?? undefined }}
          onFinish={(v) => create.mutate(v, {
            onSuccess: (a) => navigate(`${assessmentPath(a.id)}/edit`),
            onError: (err) => {
              const code = (err as { code?: string }).code;
              // The person already has a draft: open it rather than start a rival form.
              if (code === 'DRAFT_EXISTS') {
                const id = (err as { detail?: string }).detail;
                if (id) navigate(`${assessmentPath(id)}/edit`);
              }
            },
          })}
        >
          <Form.Item name="personId" label="被评估人" rules={[{ required: true, message: '请选择被评估的老年人' }]} extra="输入姓名、身份证号或拼音首字母（至少 2 个字符）；须在评估日期年满 60 周岁">
            <Select
              showSearch={{ filterOption: false, onSearch: setTerm }}
              placeholder="搜索户籍人口"
              loading={search.isFetching}
              notFoundContent={term.trim().length < 2 ? '请输入至少 2 个字符' : search.isFetching ? '查询中…' : '没有找到'}
              options={people.map((p) => ({
                value: p.id,
                label: `${p.name}　${p.idNumberMasked}　${p.age} 岁　${p.regionName}`,
                disabled: p.status !== 'alive' || p.age < 60,
              }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="assessedOn" label="评估日期" rules={[{ required: true, message: '请填写评估日期' }]}>
                <Input type="date" max={today} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="reason" label="评估原因" rules={[{ required: true }]}>
                <Select options={REASON_SELECT} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={create.isPending}>开始评估</Button>
        </Form>
      </div>
    </PageShell>
  );
}

/** 填写评估: the four dimensions as radio groups, live total and level, diagnoses, risk events, assessors. */
export function AssessmentEditPage() {
  const { id } = useParams<{ id: string }>();
  const a = useAssessment(id);
  return (
    <PageShell title="填写老年人能力评估">
      {a.error && <ProblemAlert error={a.error} />}
      {!a.data && !a.error && <Skeleton active />}
      {a.data && a.data.status !== 'draft' && <Alert type="warning" showIcon message={`该评估${a.data.statusName}，不能再修改`} />}
      {a.data && a.data.status === 'draft' && <AssessmentForm key={a.data.id} assessment={a.data} />}
    </PageShell>
  );
}

function toFormValues(a: AssessmentDetail): FormValues {
  return {
    assessedOn: a.assessedOn, reason: a.reason, place: a.place ?? undefined, answers: { ...a.answers },
    diagnoses: a.diagnoses.map((d) => ({ code: d.code, name: d.name ?? undefined })),
    riskEvents: a.riskEvents.map((e) => ({ kind: e.kind, date: e.date, note: e.note ?? undefined })),
    assessors: [0, 1].map((i) => ({ name: a.assessors[i]?.name || undefined, certNo: a.assessors[i]?.certNo || undefined })),
  };
}

function toBody(v: FormValues, version: number): AssessmentSaveBody {
  const answers: Record<string, number> = {};
  for (const item of ASSESSMENT_ITEMS) {
    const s = v.answers?.[item.code];
    if (s !== undefined && s !== null) answers[item.code] = s;
  }
  return {
    version, assessedOn: v.assessedOn, reason: v.reason, place: v.place?.trim() || null, answers,
    diagnoses: (v.diagnoses ?? []).filter((d) => d?.code?.trim()).map((d) => ({ code: normalizeIcd10(d.code!), name: d.name?.trim() || null })),
    riskEvents: (v.riskEvents ?? []).filter((e) => e?.kind && e.date).map((e) => ({ kind: e.kind!, date: e.date!, note: e.note?.trim() || null })),
    assessors: (v.assessors ?? []).map((x) => ({ name: x?.name?.trim() ?? '', certNo: x?.certNo?.trim() ?? '' })),
  };
}

function AssessmentForm({ assessment }: { assessment: AssessmentDetail }) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveAssessment(assessment.id);
  const complete = useCompleteAssessment(assessment.id);
  const [version, setVersion] = useState(assessment.version);
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const initial = useMemo(() => toFormValues(assessment), [assessment]);

  // Live preview: the same domain function the server runs on completion.
  const watched = Form.useWatch([], form) as FormValues | undefined;
  const values = watched ?? initial;
  const preview = useMemo(() => {
    const answers = Object.fromEntries(Object.entries(values.answers ?? {}).filter(([, s]) => typeof s === 'number')) as Record<string, number>;
    const diagnoses = (values.diagnoses ?? []).filter((d) => d?.code && isIcd10Code(normalizeIcd10(d.code))).map((d) => ({ code: d.code! }));
    const riskEvents = (values.riskEvents ?? []).filter((e) => e?.kind && e.date).map((e) => ({ kind: e.kind!, date: e.date! }));
    return evaluateAssessment({ answers, diagnoses, riskEvents, assessedOn: values.assessedOn || assessment.assessedOn });
  }, [values, assessment.assessedOn]);

  const fail = (err: unknown) => {
    setError(err);
    setLeftover(showFieldErrors(form, err));
  };

  async function doSave(): Promise<number | null> {
    setError(null);
    setLeftover([]);
    try {
      const saved = await save.mutateAsync(toBody(form.getFieldsValue(true) as FormValues, version));
      setVersion(saved.version);
      return saved.version;
    } catch (err) {
      fail(err);
      return null;
    }
  }

  async function doComplete() {
    const v = await doSave();
    if (v === null) return;
    modal.confirm({
      title: '完成评估',
      content: preview.levels
        ? `总分 ${preview.total}，最终等级 ${preview.levels.finalLevel}级（${ABILITY_LEVEL_NAMES[preview.levels.finalLevel]}）。完成后评估结果锁定，不能再修改。`
        : '尚有项目未评定，系统将提示缺少的项目。',
      okText: '确认完成',
      onOk: async () => {
        try {
          const done = await complete.mutateAsync(v);
          message.success('评估已完成');
          navigate(assessmentPath(done.id));
        } catch (err) {
          fail(err);
        }
      },
    });
  }

  const today = todayInShanghai();
  return (
    <Row gutter={16}>
      <Col xs={24} xl={17}>
        <div className="mz-panel">
          <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="被评估人">{assessment.personName}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{assessment.idMasked}</Descriptions.Item>
            <Descriptions.Item label="所在地">{assessment.regionName}</Descriptions.Item>
          </Descriptions>
          {error != null && <ProblemAlert error={error} fieldErrors={leftover} style={{ marginBottom: 12 }} />}
          <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={() => void doSave()}>
            <Row gutter={16}>
              <Col span={8}><Form.Item name="assessedOn" label="评估日期" rules={[{ required: true, message: '请填写评估日期' }]}><Input type="date" max={today} /></Form.Item></Col>
              <Col span={8}><Form.Item name="reason" label="评估原因"><Select options={REASON_SELECT} /></Form.Item></Col>
              <Col span={8}><Form.Item name="place" label="评估地点"><Input maxLength={100} placeholder="如：岭东社区养老服务站、家中" /></Form.Item></Col>
            </Row>
            {DIMENSIONS.map((d, di) => {
              const ds = preview.dimensions[di]!;
              return (
                <Card key={d.code} size="small" style={{ marginBottom: 12 }} title={`${d.code} ${d.name}`} extra={<span data-testid={`dimension-${d.code}`}>{ds.score} / {d.max} 分（已评 {ds.answered}/{ds.items}）</span>}>
                  {itemsOf(d.code).map((item) => (
                    <Form.Item key={item.code} name={['answers', item.code]} label={`${item.code.slice(1)} ${item.name}（0–${item.max} 分）`} style={{ marginBottom: 10 }}>
                      <Radio.Group
                        data-testid={`item-${item.code}`}
                        options={item.options.map((o) => ({ value: o.score, label: `${o.score}分 ${o.text}` }))}
                      />
                    </Form.Item>
                  ))}
                </Card>
              );
            })}

            <Card size="small" title="疾病诊断（ICD-10；痴呆 F00–F03、其他精神和行为障碍 F04–F99 影响等级）" style={{ marginBottom: 12 }}>
              <Form.List name="diagnoses">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, i) => (
                      <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                        <Form.Item name={[field.name, 'code']} rules={[{ required: true, message: '请填写编码' }, { validator: async (_, v?: string) => { if (v && !isIcd10Code(normalizeIcd10(v))) throw new Error('ICD-10 编码格式不正确（如 F03、F00.1）'); } }]}>
                          <Input placeholder="编码，如 F03" style={{ width: 140 }} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'name']}><Input placeholder="诊断名称" style={{ width: 260 }} maxLength={100} /></Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label="删除诊断" />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})}>添加诊断</Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title="照护风险事件（评估前 30 天内发生 2 次及以上的，等级上调一级）" style={{ marginBottom: 12 }}>
              <Form.List name="riskEvents">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, i) => (
                      <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                        <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择类型' }]}><Select placeholder="类型" options={RISK_EVENT_SELECT} style={{ width: 110 }} /></Form.Item>
                        <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: '请填写日期' }]}><Input type="date" max={values.assessedOn} /></Form.Item>
                        <Form.Item name={[field.name, 'note']}><Input placeholder="说明" style={{ width: 240 }} maxLength={200} /></Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label="删除风险事件" />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})}>添加风险事件</Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title="评估员（2 名，不能为同一人）" style={{ marginBottom: 12 }}>
              {[0, 1].map((i) => (
                <Row gutter={16} key={i}>
                  <Col span={10}><Form.Item name={['assessors', i, 'name']} label={`评估员 ${i + 1} 姓名`}><Input maxLength={50} /></Form.Item></Col>
                  <Col span={14}><Form.Item name={['assessors', i, 'certNo']} label="资格证书编号"><Input maxLength={40} /></Form.Item></Col>
                </Row>
              ))}
            </Card>
            <Space>
              <Button htmlType="submit" loading={save.isPending}>保存</Button>
              <Button type="primary" onClick={() => void doComplete()} loading={complete.isPending}>完成评估</Button>
              <Button onClick={() => navigate(assessmentPath(assessment.id))}>返回详情</Button>
            </Space>
          </Form>
        </div>
      </Col>
      <Col xs={24} xl={7}>
        <Affix offsetTop={16}>
          <Card size="small" title="评估结果预览" data-testid="assessment-preview">
            <Statistic title={`总分（已评 ${preview.answered}/26 项）`} value={preview.total} suffix="/ 90" />
            {preview.dimensions.map((d) => <div key={d.code}>{d.name}：{d.score} / {d.max}</div>)}
            <div style={{ marginTop: 12 }}>
              {preview.levels ? (
                <>
                  <div>初步等级：<StatusTag value={String(preview.levels.preliminaryLevel)} options={LEVEL_OPTIONS} /></div>
                  <div style={{ marginTop: 4 }}>最终等级：<span data-testid="preview-final-level"><StatusTag value={String(preview.levels.finalLevel)} options={LEVEL_OPTIONS} /></span></div>
                  {preview.levels.reasons.map((r) => <Typography.Paragraph key={r.rule} type="secondary" style={{ margin: '4px 0 0' }}>· {r.text}</Typography.Paragraph>)}
                </>
              ) : (
                <Typography.Text type="secondary">全部 26 项评定后显示等级</Typography.Text>
              )}
            </div>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
              预览仅供参考；完成评估时由系统重新计算并锁定。
            </Typography.Paragraph>
          </Card>
        </Affix>
      </Col>
    </Row>
  );
}
