import { Alert, Button, DatePicker, Descriptions, Form, Input, Radio, Select, Skeleton, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { applyFieldErrors, PageShell, ProblemAlert, StatusTag } from '@mz/ui';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { categoriesOf, defaultDeadline, INSPECTION_KIND_NAMES, type CheckResult, type FindingSeverity, type InspectionKind } from '../domain/index.ts';
import { useCheckItems, useCreateInspection, useInspection, useInstitutionPicks, useQualityParams, type CheckItem } from './quality.api.ts';
import { FindingDrawer, findingColumns } from './quality-inspections-page.tsx';

interface ItemAnswer { result: CheckResult; note?: string; severity?: FindingSeverity; deadline?: string }

/** 录入检查: the checklist of the chosen kind, one answer per item; failures get a severity and a deadline (default by severity). */
export function QualityInspectionNewPage() {
  const navigate = useNavigate();
  const [form] = Form.useForm<{ institutionId: string; kind: InspectionKind; inspectedOn: dayjs.Dayjs; inspectors: string; summary?: string }>();
  const picks = useInstitutionPicks();
  const items = useCheckItems();
  const create = useCreateInspection();
  const [kind, setKind] = useState<InspectionKind>('combined');
  const [institutionId, setInstitutionId] = useState<string | undefined>();
  const [inspectedOn, setInspectedOn] = useState(dayjs().format('YYYY-MM-DD'));
  const region = picks.data?.items.find((i) => i.id === institutionId)?.regionCode;
  const params = useQualityParams(region, inspectedOn);
  const days = params.data?.rectifyDays.value;
  const [answers, setAnswers] = useState<Record<string, ItemAnswer>>({});
  const [error, setError] = useState<unknown>(null);
  const checklist = useMemo(() => (items.data?.items ?? []).filter((i) => categoriesOf(kind).includes(i.category)), [items.data, kind]);
  const answer = (code: string): ItemAnswer => answers[code] ?? { result: 'pass' };
  const setAnswer = (code: string, patch: Partial<ItemAnswer>) => setAnswers((a) => ({ ...a, [code]: { ...answer(code), ...patch } }));
  const failed = checklist.filter((i) => answer(i.code).result === 'fail').length;

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    try {
      const created = await create.mutateAsync({
        institutionId: v.institutionId, kind: v.kind, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
        inspectors: v.inspectors.split(/[、,，\s]+/).map((s) => s.trim()).filter(Boolean), summary: v.summary?.trim() || undefined,
        items: checklist.map((i) => {
          const a = answer(i.code);
          return a.result === 'fail'
            ? { itemCode: i.code, result: 'fail', note: a.note?.trim() || undefined, severity: a.severity ?? i.usualSeverity, deadline: a.deadline }
            : { itemCode: i.code, result: a.result, note: a.note?.trim() || undefined };
        }),
      });
      navigate(`/elderly/inspections/${created.id}`);
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
    }
  };

  return (
    <PageShell title="录入检查" breadcrumb={[{ title: '安全与服务质量检查', onClick: () => navigate('/elderly/inspections') }, { title: '录入检查' }]}
      extra={<Button type="primary" loading={create.isPending} onClick={submit}>保存检查记录（不符合 {failed} 项）</Button>}>
      {error != null && <ProblemAlert error={error} />}
      <div className="mz-panel">
        <Form form={form} layout="inline" initialValues={{ kind: 'combined', inspectedOn: dayjs() }} style={{ rowGap: 12 }}>
          <Form.Item name="institutionId" label="机构" rules={[{ required: true, message: '请选择机构' }]}>
            <Select showSearch optionFilterProp="label" style={{ width: 300 }} onChange={(v: string) => setInstitutionId(v)}
              options={(picks.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.regionName ?? i.regionCode}）` }))} />
          </Form.Item>
          <Form.Item name="kind" label="类别">
            <Select style={{ width: 150 }} onChange={(v: InspectionKind) => setKind(v)} options={Object.entries(INSPECTION_KIND_NAMES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} onChange={(d) => d && setInspectedOn(d.format('YYYY-MM-DD'))} />
          </Form.Item>
          <Form.Item name="inspectors" label="检查人员" rules={[{ required: true, message: '请填写检查人员' }]}>
            <Input style={{ width: 220 }} placeholder="多人用顿号分隔" />
          </Form.Item>
          <Form.Item name="summary" label="检查小结"><Input style={{ width: 360 }} maxLength={1000} /></Form.Item>
        </Form>
      </div>
      {days && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }}
          message={`整改期限默认值：重大隐患 ${days.major} 日，一般问题 ${days.general} 日（${params.data!.rectifyDays.source}），可逐项调整`} />
      )}
      <div className="mz-panel">
        <Table<CheckItem>
          size="small"
          rowKey="code"
          loading={items.isPending}
          dataSource={checklist}
          pagination={false}
          columns={[
            { title: '编号', dataIndex: 'code', width: 70 },
            { title: '检查内容', dataIndex: 'title', render: (v: string, i) => <>{v}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.basis}</Typography.Text></> },
            {
              title: '结果', key: 'result', width: 230,
              render: (_: unknown, i) => (
                <Radio.Group size="small" value={answer(i.code).result} onChange={(e) => setAnswer(i.code, { result: e.target.value })}
                  options={[{ value: 'pass', label: '符合' }, { value: 'fail', label: '不符合' }, { value: 'na', label: '不适用' }]} optionType="button" />
              ),
            },
            {
              title: '问题等级与整改期限', key: 'finding', width: 330,
              render: (_: unknown, i) => {
                const a = answer(i.code);
                if (a.result !== 'fail') return null;
                const severity = a.severity ?? i.usualSeverity;
                const due = a.deadline ?? (days ? defaultDeadline(inspectedOn, severity, days) : undefined);
                return (
                  <Space>
                    <Select size="small" style={{ width: 110 }} value={severity} onChange={(v: FindingSeverity) => setAnswer(i.code, { severity: v, deadline: undefined })}
                      options={[{ value: 'major', label: '重大隐患' }, { value: 'general', label: '一般问题' }]} />
                    <DatePicker size="small" value={due ? dayjs(due) : null} allowClear={false} disabledDate={(d) => d.isBefore(dayjs(inspectedOn), 'day')}
                      onChange={(d) => setAnswer(i.code, { deadline: d?.format('YYYY-MM-DD') })} />
                  </Space>
                );
              },
            },
            { title: '说明', key: 'note', width: 240, render: (_: unknown, i) => <Input size="small" maxLength={500} value={answer(i.code).note} onChange={(e) => setAnswer(i.code, { note: e.target.value })} placeholder={answer(i.code).result === 'fail' ? '问题描述' : ''} /> },
          ]}
        />
      </div>
    </PageShell>
  );
}

/** 检查详情: the answers and the findings with their follow-up. */
export function QualityInspectionDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const inspection = useInspection(id);
  const [openId, setOpenId] = useState<string | null>(null);
  const x = inspection.data;
  return (
    <PageShell title={x ? `${x.kindName} · ${x.institutionName}` : '检查记录'} breadcrumb={[{ title: '安全与服务质量检查', onClick: () => navigate('/elderly/inspections?tab=inspections') }, { title: x ? `第 ${x.inspectionNo} 号` : '' }]}>
      {inspection.error && <ProblemAlert error={inspection.error} />}
      {!x ? <Skeleton active /> : (
        <>
          <div className="mz-panel">
            <Descriptions size="small" bordered column={3}>
              <Descriptions.Item label="机构">{x.institutionName}</Descriptions.Item>
              <Descriptions.Item label="检查日期">{x.inspectedOn}</Descriptions.Item>
              <Descriptions.Item label="检查人员">{x.inspectors.join('、')}</Descriptions.Item>
              <Descriptions.Item label="检查项">{x.itemsChecked}（不适用除外）</Descriptions.Item>
              <Descriptions.Item label="不符合">{x.itemsFailed}</Descriptions.Item>
              <Descriptions.Item label="逾期未整改">{x.overdueFindings > 0 ? <Typography.Text type="danger">{x.overdueFindings}</Typography.Text> : 0}</Descriptions.Item>
              <Descriptions.Item label="小结" span={3}>{x.summary ?? '—'}</Descriptions.Item>
            </Descriptions>
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>发现问题与整改</Typography.Title>
            <Table size="small" rowKey="id" dataSource={x.findings} pagination={false} locale={{ emptyText: '全部符合' }} columns={findingColumns(setOpenId, false)} />
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>检查结果</Typography.Title>
            <Table
              size="small"
              rowKey="itemCode"
              dataSource={x.items}
              pagination={false}
              columns={[
                { title: '编号', dataIndex: 'itemCode', width: 70 },
                { title: '检查内容', dataIndex: 'title' },
                { title: '结果', dataIndex: 'result', width: 90, render: (v: string, r) => <StatusTag tone={v === 'fail' ? 'error' : v === 'pass' ? 'success' : 'default'}>{r.resultName}</StatusTag> },
                { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '' },
              ]}
            />
          </div>
        </>
      )}
      <FindingDrawer id={openId} onClose={() => setOpenId(null)} />
    </PageShell>
  );
}

