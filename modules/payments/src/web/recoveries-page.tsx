import { App, Button, Form, Input, Radio, Select, Table } from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, formatDateTime, useListParams, useSession } from '@mz/ui';
import { useState } from 'react';
import { Link } from 'react-router';
import { SETTLEMENT_METHOD_NAMES } from '../domain/index.ts';
import { money, monthText, yuanField } from './labels.ts';
import { useProgrammes, useRecoveries, useSettleRecovery, type RecoveryView } from './payments.api.ts';

interface Filters { status?: string; programme?: string }
const FILTER_KEYS = ['status', 'programme'] as const;

/** 追回: amounts paid beyond entitlement, what later payments deducted, and 退回/核销 by the approver. */
export function RecoveriesPage() {
  const { can } = useSession();
  const list = useListParams(FILTER_KEYS);
  const f = list.filters;
  const status = f.status ?? 'outstanding';
  const rows = useRecoveries({ status: status === 'all' ? undefined : status, programme: f.programme, page: list.page, pageSize: list.pageSize });
  const programmes = useProgrammes();
  const [form] = Form.useForm<Filters>();
  const [settling, setSettling] = useState<RecoveryView | null>(null);
  const settle = useSettleRecovery();
  const { message } = App.useApp();

  return (
    <PageShell title="追回款" description="多发待遇形成的追回款：后续发放自动抵扣，或登记退回、核销">
      <div className="mz-panel">
        <FilterBar<Filters> form={form} values={{ status, programme: f.programme }} onSearch={(v) => list.setFilters(v)}>
          <Form.Item name="status" label="状态">
            <Select style={{ width: 130 }} options={[{ value: 'outstanding', label: '未结清' }, { value: 'settled', label: '已结清' }, { value: 'all', label: '全部' }]} />
          </Form.Item>
          <Form.Item name="programme" label="项目">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={(programmes.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {rows.error && <ProblemAlert error={rows.error} />}
        <Table<RecoveryView>
          size="small"
          rowKey="lineId"
          loading={rows.isFetching}
          dataSource={rows.data?.items ?? []}
          pagination={list.pagination(rows.data?.total)}
          locale={{ emptyText: '没有追回款' }}
          scroll={{ x: 1300 }}
          expandable={{
            rowExpandable: (r) => r.settlements.length > 0,
            expandedRowRender: (r) => (
              <Table
                size="small"
                pagination={false}
                rowKey={(_, i) => String(i)}
                dataSource={r.settlements}
                columns={[
                  { title: '方式', dataIndex: 'method', render: (m: keyof typeof SETTLEMENT_METHOD_NAMES) => SETTLEMENT_METHOD_NAMES[m] },
                  { title: '金额', dataIndex: 'amountFen', align: 'right', render: money },
                  { title: '说明', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
                  { title: '办理', key: 'by', render: (_, s) => `${s.byName ?? '—'}，${formatDateTime(s.at)}` },
                ]}
              />
            ),
          }}
          columns={[
            { title: '项目', dataIndex: 'programme', width: 90 },
            { title: '所属月份', dataIndex: 'period', width: 100, render: monthText },
            { title: '收款人', dataIndex: 'payeeName', width: 100 },
            { title: '身份证号', dataIndex: 'payeeIdMasked', width: 180 },
            { title: '追回金额', dataIndex: 'amountFen', width: 120, align: 'right', render: money },
            { title: '已抵扣', dataIndex: 'offsetFen', width: 110, align: 'right', render: money },
            { title: '已退回/核销', dataIndex: 'settledFen', width: 120, align: 'right', render: money },
            { title: '未结清', dataIndex: 'outstandingFen', width: 120, align: 'right', render: money },
            { title: '原因', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            { title: '发放表', dataIndex: 'rollNo', width: 240, render: (v: string, r) => <Link to={`/payments/rolls/${r.rollId}`}>{v}</Link> },
            {
              title: '操作', key: 'op', width: 100, fixed: 'right',
              render: (_, r) => (r.outstandingFen > 0 && can('payments.approve') ? <Button size="small" onClick={() => setSettling(r)}>结清登记</Button> : null),
            },
          ]}
        />
      </div>
      <ModalForm<{ method: 'refund' | 'waived'; amountYuan: string; reason: string }>
        name="settle"
        open={!!settling}
        title="追回款结清登记"
        okText="登记"
        initialValues={settling ? { method: 'refund', amountYuan: (settling.outstandingFen / 100).toFixed(2) } : undefined}
        intro={settling && <p>{settling.payeeName}，{monthText(settling.period)}，未结清 {money(settling.outstandingFen)}</p>}
        onClose={() => setSettling(null)}
        onSubmit={async (v) => {
          const amount = yuanField(v.amountYuan);
          if ('error' in amount) throw new Error(amount.error);
          await settle.mutateAsync({ lineId: settling!.lineId, body: { amountFen: amount.fen, method: v.method, reason: v.reason } });
          message.success('已登记');
          setSettling(null);
        }}
      >
        <Form.Item name="method" label="方式">
          <Radio.Group options={[{ value: 'refund', label: '退回（当事人已退还）' }, { value: 'waived', label: '核销（经批准不再追回）' }]} />
        </Form.Item>
        <Form.Item name="amountYuan" label="金额（元）" rules={[{ required: true, message: '请填写金额' }, { pattern: /^\d+(\.\d{1,2})?$/, message: '金额应为元，最多两位小数' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="reason" label="说明" rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="退回的缴款凭证号，或核销的批准文号" />
        </Form.Item>
      </ModalForm>
    </PageShell>
  );
}
