import { Alert, App, Badge, DatePicker, Form, Input, InputNumber, Select, Segmented, Table, Typography } from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, StatusTag, useListParams, useViewRegion } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { ORDER_STATE_NAMES, ORDER_STATES, type OrderState } from '../domain/homecare.rules.ts';
import { useCatalogue, useOrders, useProviders, useRegisterOrder, type BeneficiaryView, type OrderView } from './homecare.api.ts';
import { ORDER_STATE_OPTIONS, thisMonth, todayIso, yuan } from './homecare.labels.tsx';

const FILTER_KEYS = ['state', 'month', 'providerId', 'q', 'beneficiaryId'] as const;
interface Filters { state?: string; month?: string; providerId?: string; q?: string; beneficiaryId?: string }
interface FormValues { month?: Dayjs; providerId?: string; q?: string }

/** 工单看板: the month's orders by state with counts; each row opens the order, where the state's actions are. */
export function HomecareOrdersPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters as Filters;
  const month = f.month ?? thisMonth();
  const view = useViewRegion();
  const orders = useOrders({
    state: f.state, month: f.beneficiaryId ? f.month : month, providerId: f.providerId, q: f.q, regionCode: view.isHome ? undefined : view.code,
    page: list.page, pageSize: list.pageSize, ...(f.beneficiaryId ? { beneficiaryId: f.beneficiaryId } : {}),
  });
  const providers = useProviders();
  const [form] = Form.useForm<FormValues>();
  const counts = orders.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  return (
    <PageShell title="居家养老·服务工单" description="需求登记 → 派单 → 上门服务 → 回访评价 → 月度结算；点工单号办理下一步">
      <div className="mz-panel">
        <FilterBar<FormValues>
          form={form}
          values={{ month: f.month ? dayjs(`${f.month}-01`) : dayjs(`${month}-01`), providerId: f.providerId, q: f.q }}
          onSearch={(v) => list.setFilters({ ...f, month: v.month?.format('YYYY-MM'), providerId: v.providerId, q: v.q?.trim() || undefined })}
        >
          <Form.Item name="month" label="服务月份"><DatePicker picker="month" allowClear={false} /></Form.Item>
          <Form.Item name="providerId" label="服务商">
            <Select allowClear placeholder="全部" style={{ width: 220 }} options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="q" label="姓名/工单号"><Input allowClear style={{ width: 140 }} /></Form.Item>
        </FilterBar>
        {f.beneficiaryId && <Alert type="info" showIcon message="只显示一位服务对象的工单" action={<a onClick={() => list.setFilters({ ...f, beneficiaryId: undefined })}>显示全部</a>} style={{ marginTop: 8 }} />}
      </div>
      <div className="mz-panel">
        <Segmented
          style={{ marginBottom: 12 }}
          value={f.state ?? 'all'}
          onChange={(v) => list.setFilters({ ...f, state: v === 'all' ? undefined : String(v) })}
          options={[
            { value: 'all', label: <>全部 <Badge count={total ?? 0} showZero color="#999" /></> },
            ...ORDER_STATES.map((s) => ({ value: s, label: <>{ORDER_STATE_NAMES[s]} <Badge count={counts?.[s] ?? 0} showZero color={s === 'served' ? '#faad14' : '#1677ff'} /></> })),
          ]}
        />
        {orders.error && <ProblemAlert error={orders.error} />}
        <Table<OrderView>
          size="small" rowKey="id" loading={orders.isFetching} dataSource={orders.data?.items ?? []} pagination={list.pagination(orders.data?.total)}
          locale={{ emptyText: '没有符合条件的工单' }} scroll={{ x: 1300 }}
          columns={[
            { title: '工单号', dataIndex: 'orderNo', width: 80, render: (v: number, o) => <Link to={`/elderly/homecare/orders/${o.id}`}>{v}</Link> },
            { title: '状态', dataIndex: 'state', width: 90, render: (v: string) => <StatusTag value={v} options={ORDER_STATE_OPTIONS} /> },
            { title: '老人', dataIndex: 'name', width: 90 },
            { title: '所在地', dataIndex: 'regionName', width: 140 },
            { title: '服务项目', key: 'item', render: (_, o) => `${o.itemName}${o.quantity ? ` ×${o.quantity}` : ''}` },
            { title: '计划日期', dataIndex: 'plannedOn', width: 110 },
            { title: '服务商', dataIndex: 'providerName', width: 200, render: (v: string | null, o) => (v ? `${v}（${o.workerName}）` : '—') },
            { title: '金额', dataIndex: 'amountFen', width: 90, render: (v: number | null) => yuan(v) },
            { title: '自费', dataIndex: 'selfPayFen', width: 80, render: (v: number | null) => (v ? <Typography.Text type="warning">{yuan(v)}</Typography.Text> : v === 0 ? '—' : '') },
            { title: '评价', dataIndex: 'rating', width: 70, render: (v: number | null) => (v ? `${v}分` : '') },
          ]}
        />
      </div>
    </PageShell>
  );
}

interface OrderForm { itemCode: string; quantity?: number; plannedOn: Dayjs; demand?: string }

/** 需求登记 for one beneficiary; warns when the estimate exceeds the month's remaining budget. */
export function RegisterOrderDialog({ beneficiary: b, onClose }: { beneficiary: BeneficiaryView; onClose: () => void }) {
  const catalogue = useCatalogue();
  const register = useRegisterOrder();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const items = catalogue.data?.items ?? [];
  return (
    <ModalForm<OrderForm>
      name="order" open title={`登记服务需求：${b.name}`} onClose={onClose} initialValues={{ plannedOn: dayjs(todayIso()), quantity: 1 }}
      intro={<Typography.Paragraph type="secondary">本月预算 {yuan(b.monthlyBudgetFen)}，已用 {yuan(b.spentFen)}，剩余 {yuan(b.remainingFen)}。超出剩余预算的部分由老人自费。</Typography.Paragraph>}
      onSubmit={async (v) => {
        const unit = items.find((i) => i.code === v.itemCode)?.unit;
        const o = await register.mutateAsync({
          beneficiaryId: b.id, itemCode: v.itemCode, quantity: unit === 'visit' ? v.quantity : undefined, plannedOn: v.plannedOn.format('YYYY-MM-DD'), demand: v.demand?.trim() || undefined,
        });
        onClose();
        if (o.warning) modal.warning({ title: '超出本月剩余预算', content: o.warning });
        else message.success(`已登记工单 ${o.orderNo}`);
        navigate(`/elderly/homecare/orders/${o.id}`);
      }}
    >
      {(form) => (
        <>
          <Form.Item name="itemCode" label="服务项目" rules={[{ required: true, message: '请选择服务项目' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={items.map((i) => ({ value: i.code, label: `${i.categoryName}·${i.name}（${yuan(i.priceFen)}/${i.unitName}）` }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => items.find((i) => i.code === form.getFieldValue('itemCode'))?.unit === 'visit' && (
              <Form.Item name="quantity" label="服务次数" rules={[{ required: true, message: '请填写服务次数' }]}><InputNumber min={1} max={99} precision={0} /></Form.Item>
            )}
          </Form.Item>
          <Form.Item name="plannedOn" label="计划服务日期" rules={[{ required: true, message: '请选择计划服务日期' }]}><DatePicker /></Form.Item>
          <Form.Item name="demand" label="需求描述"><Input.TextArea rows={2} maxLength={500} showCount /></Form.Item>
        </>
      )}
    </ModalForm>
  );
}
