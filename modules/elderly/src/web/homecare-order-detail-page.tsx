import { App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Rate, Select, Skeleton, Space, Timeline, Typography } from 'antd';
import { ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { OrderApiAction } from '../domain/homecare.rules.ts';
import { useOrder, useOrderAction, useProviders, type OrderDetail } from './homecare.api.ts';
import { ORDER, ORDER_STATE_OPTIONS, hours, yuan } from './homecare.labels.tsx';

const DONE: Record<OrderApiAction, string> = { dispatch: '已派单', start: '已记录开始服务', finish: '已完成服务并计算金额', visit: '已记录回访评价', cancel: '已取消工单' };

/** One order: who, what, the provider, the service times and amount, the month's budget, the timeline, and the next step. */
export function HomecareOrderDetailPage() {
  const { id } = useParams<{ id: string }>();
  const order = useOrder(id);
  const o = order.data;
  const { can } = useSession();
  const [acting, setActing] = useState<{ key: OrderApiAction; name: string } | null>(null);
  return (
    <PageShell
      title={o ? `工单 ${o.orderNo}：${o.name} ${o.itemName}` : '服务工单'}
      description={o ? `${o.idMasked} ${o.regionName ?? ''}` : undefined}
      extra={o && can(ORDER) && (
        <Space data-testid="order-actions">
          {o.availableActions.map((a) => (
            <Button key={a.key} type={a.key === 'cancel' ? 'default' : 'primary'} danger={a.key === 'cancel'} onClick={() => setActing(a)}>{a.name}</Button>
          ))}
        </Space>
      )}
    >
      {order.error && <ProblemAlert error={order.error} />}
      {!o && !order.error && <Skeleton active />}
      {o && (
        <>
          <div className="mz-panel">
            <Descriptions size="small" bordered column={3}>
              <Descriptions.Item label="状态"><StatusTag value={o.state} options={ORDER_STATE_OPTIONS} /></Descriptions.Item>
              <Descriptions.Item label="服务项目">{o.categoryName}·{o.itemName}（{o.itemCode}）</Descriptions.Item>
              <Descriptions.Item label="单价">{yuan(o.priceFen)}/{o.unitName}</Descriptions.Item>
              <Descriptions.Item label="计划日期">{o.plannedOn}</Descriptions.Item>
              <Descriptions.Item label="服务月份">{o.serviceMonth}</Descriptions.Item>
              <Descriptions.Item label="次数">{o.quantity ?? '按时长计价'}</Descriptions.Item>
              <Descriptions.Item label="服务商">{o.providerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="服务人员">{o.workerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="派单时间">{formatDateTime(o.dispatchedAt)}</Descriptions.Item>
              <Descriptions.Item label="开始时间">{formatDateTime(o.startedAt)}</Descriptions.Item>
              <Descriptions.Item label="结束时间">{formatDateTime(o.endedAt)}</Descriptions.Item>
              <Descriptions.Item label="服务时长">{o.minutes ? `${o.minutes} 分钟（${hours(o.minutes)}）` : '—'}</Descriptions.Item>
              <Descriptions.Item label="金额">{yuan(o.amountFen)}</Descriptions.Item>
              <Descriptions.Item label="预算支付">{yuan(o.budgetFen)}</Descriptions.Item>
              <Descriptions.Item label="自费">{o.selfPayFen ? <Typography.Text type="warning">{yuan(o.selfPayFen)}</Typography.Text> : yuan(o.selfPayFen)}</Descriptions.Item>
              <Descriptions.Item label={`${o.budget.month} 预算`} span={3}>
                {yuan(o.budget.budgetFen)}，已用 {yuan(o.budget.spentFen)}，剩余 {yuan(o.budget.remainingFen)}
              </Descriptions.Item>
              {o.demand && <Descriptions.Item label="需求描述" span={3}>{o.demand}</Descriptions.Item>}
              {o.rating !== null && <Descriptions.Item label="回访评价" span={3}><Rate disabled value={o.rating} /> {o.visitComment}</Descriptions.Item>}
              {o.cancelReason && <Descriptions.Item label="取消原因" span={3}>{o.cancelReason}</Descriptions.Item>}
            </Descriptions>
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>办理记录</Typography.Title>
            <Timeline
              items={o.events.map((e) => ({
                color: e.toState === 'cancelled' ? 'red' : e.toState === 'settled' || e.toState === 'visited' ? 'green' : 'blue',
                children: (
                  <>
                    <b>{e.actionName}</b> {e.byName ?? ''} {formatDateTime(e.at)}
                    {e.note && <div>{e.note}</div>}
                  </>
                ),
              }))}
            />
          </div>
          {acting && <ActionDialog order={o} action={acting} onClose={() => setActing(null)} />}
        </>
      )}
    </PageShell>
  );
}

interface ActionForm { providerId?: string; workerName?: string; startedAt?: Dayjs; endedAt?: Dayjs; quantity?: number; rating?: number; comment?: string; reason?: string }

function ActionDialog({ order: o, action, onClose }: { order: OrderDetail; action: { key: OrderApiAction; name: string }; onClose: () => void }) {
  const act = useOrderAction(o.id);
  const providers = useProviders();
  const { message } = App.useApp();
  return (
    <ModalForm<ActionForm>
      name={`order-${action.key}`} open danger={action.key === 'cancel'} okText={action.name} title={`${action.name}：工单 ${o.orderNo}`} onClose={onClose}
      initialValues={{ startedAt: action.key === 'start' ? dayjs() : undefined, endedAt: action.key === 'finish' ? dayjs() : undefined, quantity: o.quantity ?? undefined }}
      onSubmit={async (v) => {
        const body: Record<string, unknown> = { version: o.version };
        if (action.key === 'dispatch') Object.assign(body, { providerId: v.providerId, workerName: v.workerName?.trim() });
        if (action.key === 'start') body.startedAt = v.startedAt?.toISOString();
        if (action.key === 'finish') Object.assign(body, { endedAt: v.endedAt?.toISOString(), quantity: o.unit === 'visit' ? v.quantity : undefined });
        if (action.key === 'visit') Object.assign(body, { rating: v.rating, comment: v.comment?.trim() || undefined });
        if (action.key === 'cancel') body.reason = v.reason?.trim();
        await act.mutateAsync({ action: action.key, body });
        message.success(DONE[action.key]);
        onClose();
      }}
    >
      {action.key === 'dispatch' && (
        <>
          <Form.Item name="providerId" label="服务商" rules={[{ required: true, message: '请选择服务商' }]}>
            <Select options={(providers.data?.items ?? []).filter((p) => p.status === 'active' && p.inContract).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="workerName" label="服务人员姓名" rules={[{ required: true, whitespace: true, message: '请填写服务人员姓名' }]}><Input maxLength={50} /></Form.Item>
        </>
      )}
      {action.key === 'start' && (
        <Form.Item name="startedAt" label="开始时间" rules={[{ required: true, message: '请选择开始时间' }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
      )}
      {action.key === 'finish' && (
        <>
          <Typography.Paragraph type="secondary">开始于 {formatDateTime(o.startedAt)}；金额按{o.unit === 'hour' ? '服务时长（分钟，四舍五入到分）' : '次数'}计算，超出本月剩余预算 {yuan(o.budget.remainingFen)} 的部分为自费。</Typography.Paragraph>
          <Form.Item name="endedAt" label="结束时间" rules={[{ required: true, message: '请选择结束时间' }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
          {o.unit === 'visit' && <Form.Item name="quantity" label="实际服务次数" rules={[{ required: true, message: '请填写服务次数' }]}><InputNumber min={1} max={99} precision={0} /></Form.Item>}
        </>
      )}
      {action.key === 'visit' && (
        <>
          <Form.Item name="rating" label="满意度" rules={[{ required: true, message: '请选择满意度评分' }]}><Rate /></Form.Item>
          <Form.Item name="comment" label="回访意见（2分及以下必填）"><Input.TextArea rows={3} maxLength={500} showCount /></Form.Item>
        </>
      )}
      {action.key === 'cancel' && (
        <Form.Item name="reason" label="取消原因" rules={[{ required: true, whitespace: true, message: '请填写取消原因' }]}><Input maxLength={200} /></Form.Item>
      )}
    </ModalForm>
  );
}
