import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Select, Table } from 'antd';
import { ModalForm, PageShell, ProblemAlert, formatDateTime, useListParams, useSession } from '@mz/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { INDICATOR_NAMES, RUN_KIND_NAMES } from '../domain/index.ts';
import { money, monthText, runPayload, RUN_KIND_SELECT, type RunFormValues } from './labels.ts';
import { useCreateRun, useGenerateRunRoll, useProgrammes, useRuns, type RunView } from './payments.api.ts';

/** 一次性发放: 节日生活补贴 and 物价补贴 declared by an approver, each county generating its own roll. */
export function RunsPage() {
  const { can } = useSession();
  const list = useListParams([] as const);
  const runs = useRuns({ page: list.page, pageSize: list.pageSize });
  const programmes = useProgrammes();
  const names = new Map((programmes.data?.items ?? []).map((p) => [p.code, p.shortName]));
  const [creating, setCreating] = useState(false);
  const generate = useGenerateRunRoll();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);

  return (
    <PageShell
      title="一次性发放"
      description="节日生活补贴、物价补贴：设定对象范围和标准后，各县（区）生成本区发放表"
      extra={can('payments.approve') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>设定一次性发放</Button>}
    >
      <div className="mz-panel">
        {!!(runs.error || error) && <ProblemAlert error={runs.error ?? error} />}
        <Table<RunView>
          size="small"
          rowKey="id"
          loading={runs.isFetching}
          dataSource={runs.data?.items ?? []}
          pagination={list.pagination(runs.data?.total)}
          locale={{ emptyText: '尚未设定一次性发放' }}
          scroll={{ x: 1200 }}
          columns={[
            { title: '名称', dataIndex: 'name', width: 240 },
            { title: '类别', dataIndex: 'kind', width: 120, render: (k: RunView['kind']) => RUN_KIND_NAMES[k] },
            { title: '对象', dataIndex: 'programmes', width: 150, render: (p: string[]) => p.map((c) => names.get(c) ?? c).join('、') },
            { title: '标准', key: 'amount', width: 140, render: (_, r) => `${r.basis === 'person' ? '每人' : '每户'} ${money(r.amountFen)}` },
            { title: '发放月份', dataIndex: 'month', width: 100, render: monthText },
            { title: '启动条件', key: 'trigger', render: (_, r) => (r.trigger ? `${INDICATOR_NAMES[r.trigger.indicator]} ${r.trigger.observedPct}% ≥ ${r.trigger.thresholdPct}%（${r.trigger.source}）` : '—') },
            { title: '设定', key: 'by', width: 220, render: (_, r) => `${r.regionName} ${r.createdByName ?? ''} ${formatDateTime(r.createdAt)}` },
            {
              title: '操作', key: 'op', width: 130, fixed: 'right',
              render: (_, r) => can('payments.prepare') && (
                <Button
                  size="small"
                  loading={generate.isPending && generate.variables === r.id}
                  onClick={async () => {
                    setError(null);
                    try {
                      const roll = await generate.mutateAsync(r.id);
                      message.success(`已生成 ${roll.rollNo}`);
                      navigate(`/payments/rolls/${roll.id}`);
                    } catch (err) {
                      setError(err);
                    }
                  }}
                >
                  生成本区发放表
                </Button>
              ),
            },
          ]}
        />
      </div>
      <RunDialog open={creating} onClose={() => setCreating(false)} />
    </PageShell>
  );
}

function RunDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const programmes = useProgrammes();
  const create = useCreateRun();
  const { message } = App.useApp();
  return (
    <ModalForm<RunFormValues>
      name="run"
      open={open}
      title="设定一次性发放"
      okText="设定"
      width={680}
      initialValues={{ kind: 'holiday', basis: 'person', programmes: [], indicator: 'cpi' }}
      onClose={onClose}
      onSubmit={async (v) => {
        await create.mutateAsync(runPayload(v));
        message.success('已设定');
        onClose();
      }}
    >
      {(form) => (
        <>
          <Form.Item name="kind" label="类别">
            <Radio.Group options={RUN_KIND_SELECT} onChange={() => form.validateFields(['thresholdPct']).catch(() => undefined)} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input placeholder="如：2027年春节一次性生活补贴" maxLength={100} />
          </Form.Item>
          <Form.Item name="programmes" label="对象（当月在保的）" rules={[{ required: true, message: '请至少选择一个项目' }]}>
            <Select mode="multiple" options={(programmes.data?.items ?? []).filter((p) => p.monthly).map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
          <Form.Item name="basis" label="标准">
            <Radio.Group options={[{ value: 'person', label: '按人（每名保障对象）' }, { value: 'household', label: '按户' }]} />
          </Form.Item>
          <Form.Item name="amountYuan" label="金额（元）" rules={[{ required: true, message: '请填写金额' }, { pattern: /^\d+(\.\d{1,2})?$/, message: '金额应为元，最多两位小数' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="month" label="发放月份" rules={[{ required: true, message: '请填写月份' }, { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '月份格式应为 YYYY-MM' }]}>
            <Input placeholder="YYYY-MM" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {() => form.getFieldValue('kind') === 'price_subsidy' && (
              <>
                <Form.Item name="indicator" label="联动指标">
                  <Select options={Object.entries(INDICATOR_NAMES).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item name="thresholdPct" label="启动条件（%）" rules={[{ required: true, message: '请填写启动条件' }]}><Input placeholder="3.5" /></Form.Item>
                <Form.Item name="observedPct" label="实际指标（%）" rules={[{ required: true, message: '请填写实际指标' }]}><Input placeholder="3.8" /></Form.Item>
                <Form.Item name="observedMonth" label="指标月份" rules={[{ required: true, message: '请填写指标月份' }]}><Input placeholder="YYYY-MM" /></Form.Item>
                <Form.Item name="source" label="数据来源" rules={[{ required: true, message: '请注明数据来源' }]}><Input placeholder="发布机关和文号或网址" /></Form.Item>
                <Form.Item name="reason" label="启动理由" rules={[{ required: true, message: '请说明启动理由' }]}><Input.TextArea rows={2} /></Form.Item>
              </>
            )}
          </Form.Item>
          <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </>
      )}
    </ModalForm>
  );
}
