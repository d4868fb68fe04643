import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Typography } from 'antd';
import { ModalForm, PageShell, ProblemAlert, RegionCascader, StatusTag, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  useBudgetParams, useCatalogue, useCreateProvider, useProviders, useSaveCatalogue, useSetBudgetParam, useUpdateProvider, type CatalogueView, type ProviderView,
} from './homecare.api.ts';
import { CATEGORY_SELECT, GROUP_SELECT, MANAGE, PROVIDER_STATUS_OPTIONS, PROVIDER_STATUS_SELECT, UNIT_SELECT, yuan } from './homecare.labels.tsx';

/** 服务商与目录: the county's contracted providers, its priced service catalogue and the monthly budget standards. */
export function HomecareProvidersPage() {
  const { can } = useSession();
  const canManage = can(MANAGE);
  return (
    <PageShell title="居家养老·服务商与目录" description="政府购买居家养老服务的服务商、服务项目价格（按执行日期）和各类服务对象的月预算标准；由县级民政部门维护">
      <div className="mz-panel">
        <Tabs
          items={[
            { key: 'providers', label: '服务商', children: <Providers canManage={canManage} /> },
            { key: 'catalogue', label: '服务目录', children: <Catalogue canManage={canManage} /> },
            { key: 'budget', label: '月预算标准', children: <Budgets canManage={canManage} /> },
          ]}
        />
      </div>
    </PageShell>
  );
}

interface ProviderForm {
  name: string; creditCode: string; contactName: string; contactPhone: string; serviceRegions: string[]; contract: [Dayjs, Dayjs]; status?: string;
}

function Providers({ canManage }: { canManage: boolean }) {
  const providers = useProviders();
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const [editing, setEditing] = useState<ProviderView | 'new' | null>(null);
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <>
      {canManage && <Space style={{ marginBottom: 12 }}><Button type="primary" onClick={() => setEditing('new')}>登记服务商</Button></Space>}
      {providers.error && <ProblemAlert error={providers.error} />}
      <Table<ProviderView>
        size="small" rowKey="id" loading={providers.isFetching} dataSource={providers.data?.items ?? []} pagination={false}
        locale={{ emptyText: '尚未登记服务商' }}
        columns={[
          { title: '服务商', dataIndex: 'name' },
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
          { title: '联系人', key: 'contact', width: 200, render: (_, p) => `${p.contactName} ${p.contactPhone}` },
          { title: '服务区域', key: 'regions', render: (_, p) => p.serviceRegions.map((r) => r.name ?? r.code).join('、') },
          { title: '合同期', key: 'contract', width: 210, render: (_, p) => <>{p.contractFrom} 至 {p.contractTo}{!p.inContract && <Typography.Text type="danger">（不在合同期）</Typography.Text>}</> },
          { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag value={v} options={PROVIDER_STATUS_OPTIONS} /> },
          ...(canManage ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, p: ProviderView) => <a onClick={() => setEditing(p)}>修改</a> }] : []),
        ]}
      />
      <ModalForm<ProviderForm>
        name="provider" open={!!editing} width={640} title={current ? `修改服务商：${current.name}` : '登记服务商'} onClose={() => setEditing(null)}
        initialValues={current ? {
          name: current.name, creditCode: current.creditCode, contactName: current.contactName, contactPhone: current.contactPhone,
          serviceRegions: current.serviceRegions.map((r) => r.code), contract: [dayjs(current.contractFrom), dayjs(current.contractTo)], status: current.status,
        } : undefined}
        onSubmit={async (v) => {
          const body = {
            name: v.name, contactName: v.contactName, contactPhone: v.contactPhone, serviceRegions: v.serviceRegions,
            contractFrom: v.contract[0].format('YYYY-MM-DD'), contractTo: v.contract[1].format('YYYY-MM-DD'),
          };
          if (current) await update.mutateAsync({ id: current.id, body: { ...body, status: v.status, version: current.version } });
          else await create.mutateAsync({ ...body, creditCode: v.creditCode });
          setEditing(null);
        }}
      >
        <Form.Item name="name" label="服务商名称" rules={[{ required: true, message: '请填写服务商名称' }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '统一社会信用代码应为18位' }]}>
          <Input maxLength={18} disabled={!!current} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人' }]} style={{ width: '40%' }}><Input maxLength={50} /></Form.Item>
          <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, pattern: /^[0-9-]{7,20}$/, message: '联系电话应为7至20位数字（可含-）' }]} style={{ width: '60%' }}><Input maxLength={20} /></Form.Item>
        </Space.Compact>
        <Form.Item name="serviceRegions" label="服务区域（乡镇、街道或社区）" rules={[{ required: true, message: '请至少选择一个服务区域' }]}>
          <RegionListInput />
        </Form.Item>
        <Form.Item name="contract" label="合同期" rules={[{ required: true, message: '请选择合同期' }]}><DatePicker.RangePicker /></Form.Item>
        {current && <Form.Item name="status" label="状态"><Select options={PROVIDER_STATUS_SELECT} /></Form.Item>}
      </ModalForm>
    </>
  );
}

/** Several regions picked one by one with the region cascader. */
function RegionListInput({ value = [], onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [picking, setPicking] = useState<string | undefined>();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>{value.map((code) => <Button key={code} size="small" onClick={() => onChange?.(value.filter((c) => c !== code))}>{code} ✕</Button>)}</Space>
      <Space.Compact block>
        <RegionCascader value={picking} onChange={(v: string | undefined) => setPicking(v)} placeholder="选择区划" style={{ width: '100%' }} />
        <Button onClick={() => { if (picking && !value.includes(picking)) onChange?.([...value, picking]); setPicking(undefined); }}>添加</Button>
      </Space.Compact>
    </Space>
  );
}

interface CatalogueForm { code: string; name: string; category: string; unit: string; priceYuan: number; effectiveFrom: Dayjs }

function Catalogue({ canManage }: { canManage: boolean }) {
  const [history, setHistory] = useState(false);
  const items = useCatalogue(history);
  const save = useSaveCatalogue();
  const [editing, setEditing] = useState<CatalogueView | 'new' | null>(null);
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canManage && <Button type="primary" onClick={() => setEditing('new')}>新增服务项目</Button>}
        <Switch checked={history} onChange={setHistory} /> 显示历次价格
      </Space>
      {items.error && <ProblemAlert error={items.error} />}
      <Table<CatalogueView>
        size="small" rowKey="id" loading={items.isFetching} dataSource={items.data?.items ?? []} pagination={false} locale={{ emptyText: '服务目录为空' }}
        columns={[
          { title: '编码', dataIndex: 'code', width: 110 },
          { title: '服务项目', dataIndex: 'name' },
          { title: '类别', dataIndex: 'categoryName', width: 100 },
          { title: '单价', key: 'price', width: 140, render: (_, c) => `${yuan(c.priceFen)}/${c.unitName}` },
          { title: '执行期', key: 'period', width: 220, render: (_, c) => `${c.effectiveFrom} 起${c.effectiveTo ? `，${c.effectiveTo} 止` : ''}` },
          ...(canManage ? [{ title: '操作', key: 'op', width: 90, render: (_: unknown, c: CatalogueView) => (c.effectiveTo ? null : <a onClick={() => setEditing(c)}>调整价格</a>) }] : []),
        ]}
      />
      <ModalForm<CatalogueForm>
        name="catalogue" open={!!editing} title={current ? `调整价格：${current.code} ${current.name}` : '新增服务项目'} onClose={() => setEditing(null)}
        initialValues={current ? { code: current.code, name: current.name, category: current.category, unit: current.unit, priceYuan: current.priceFen / 100 } : { unit: 'visit' }}
        intro={current ? <Typography.Paragraph type="secondary">新价格自执行日起生效，原价格执行到前一日；已登记的工单按登记时的价格计算。</Typography.Paragraph> : undefined}
        onSubmit={async (v) => {
          await save.mutateAsync({ code: v.code, name: v.name, category: v.category, unit: v.unit, priceFen: Math.round(v.priceYuan * 100), effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD') });
          setEditing(null);
        }}
      >
        <Form.Item name="code" label="编码" rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/, message: '编码为2至20位字母、数字或-' }]}><Input disabled={!!current} /></Form.Item>
        <Form.Item name="name" label="服务项目名称" rules={[{ required: true, message: '请填写服务项目名称' }]}><Input maxLength={50} /></Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}><Select options={CATEGORY_SELECT} /></Form.Item>
        <Form.Item name="unit" label="计价单位" rules={[{ required: true }]}><Select options={UNIT_SELECT} disabled={!!current} /></Form.Item>
        <Form.Item name="priceYuan" label="单价（元）" rules={[{ required: true, message: '请填写单价' }]}><InputNumber min={0.01} max={100000} precision={2} style={{ width: 160 }} /></Form.Item>
        <Form.Item name="effectiveFrom" label="执行日期" rules={[{ required: true, message: '请选择执行日期' }]}><DatePicker /></Form.Item>
      </ModalForm>
    </>
  );
}

function Budgets({ canManage }: { canManage: boolean }) {
  const params = useBudgetParams();
  const set = useSetBudgetParam();
  const [open, setOpen] = useState(false);
  return (
    <>
      {canManage && <Space style={{ marginBottom: 12 }}><Button type="primary" onClick={() => setOpen(true)}>设定月预算标准</Button></Space>}
      {params.error && <ProblemAlert error={params.error} />}
      <Typography.Paragraph type="secondary">同时属于几类的老人，按其中最高的标准；下级区划设定的标准优先于上级。超出当月预算的服务由老人自费。</Typography.Paragraph>
      <Table
        size="small" rowKey="id" loading={params.isFetching} dataSource={params.data?.items ?? []} pagination={false} locale={{ emptyText: '尚未设定月预算标准' }}
        columns={[
          { title: '区划', dataIndex: 'regionName' },
          { title: '服务对象类别', dataIndex: 'groupName' },
          { title: '月预算', dataIndex: 'monthlyBudgetFen', render: (v: number) => yuan(v) },
          { title: '起始月份', dataIndex: 'fromMonth' },
        ]}
      />
      <ModalForm<{ regionCode: string; group: string; budgetYuan: number; fromMonth: Dayjs }>
        name="budget" open={open} title="设定月预算标准" onClose={() => setOpen(false)}
        onSubmit={async (v) => {
          await set.mutateAsync({ regionCode: v.regionCode, group: v.group, monthlyBudgetFen: Math.round(v.budgetYuan * 100), fromMonth: v.fromMonth.format('YYYY-MM') });
          setOpen(false);
        }}
      >
        <Form.Item name="regionCode" label="区划" rules={[{ required: true, message: '请选择区划' }]}><RegionCascader /></Form.Item>
        <Form.Item name="group" label="服务对象类别" rules={[{ required: true, message: '请选择类别' }]}><Select options={GROUP_SELECT} /></Form.Item>
        <Form.Item name="budgetYuan" label="月预算（元）" rules={[{ required: true, message: '请填写月预算' }]}><InputNumber min={0} max={100000} precision={2} style={{ width: 160 }} /></Form.Item>
        <Form.Item name="fromMonth" label="起始月份" rules={[{ required: true, message: '请选择起始月份' }]}><DatePicker picker="month" /></Form.Item>
      </ModalForm>
    </>
  );
}
