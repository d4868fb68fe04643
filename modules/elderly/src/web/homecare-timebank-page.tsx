import { Button, DatePicker, Drawer, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, useListParams, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTimebankAccounts, useTimebankEntries, useTimebankEntry, type TimebankAccount, type TimebankEntry } from './homecare.api.ts';
import { PersonPicker, TIMEBANK, hours } from './homecare.labels.tsx';

const FILTER_KEYS = ['q'] as const;

/** 时间银行: volunteers' balances; 存入 when a volunteer serves an elder, 兑换 when they receive service (never below zero). */
export function HomecareTimebankPage() {
  const list = useListParams(FILTER_KEYS);
  const q = list.filters.q;
  const accounts = useTimebankAccounts({ q, page: list.page, pageSize: list.pageSize });
  const [form] = Form.useForm<{ q?: string }>();
  const { can } = useSession();
  const [entry, setEntry] = useState<{ kind: 'credit' | 'redeem'; personId?: string } | null>(null);
  const [ledger, setLedger] = useState<TimebankAccount | null>(null);
  return (
    <PageShell
      title="居家养老·时间银行"
      description="志愿者为老人服务的时长存入个人账户，日后可兑换为自己接受的服务；每次不超过24小时，以半小时计，余额不能为负"
      extra={can(TIMEBANK) && (
        <Space>
          <Button type="primary" onClick={() => setEntry({ kind: 'credit' })}>存入服务时长</Button>
          <Button onClick={() => setEntry({ kind: 'redeem' })}>兑换服务</Button>
        </Space>
      )}
    >
      <div className="mz-panel">
        <FilterBar<{ q?: string }> form={form} values={{ q }} onSearch={(v) => list.setFilters({ q: v.q?.trim() || undefined })}>
          <Form.Item name="q" label="姓名"><Input allowClear placeholder="完整姓名" style={{ width: 140 }} /></Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {accounts.error && <ProblemAlert error={accounts.error} />}
        <Table<TimebankAccount>
          size="small" rowKey="personId" loading={accounts.isFetching} dataSource={accounts.data?.items ?? []} pagination={list.pagination(accounts.data?.total)}
          locale={{ emptyText: '尚无志愿者账户（首次存入时开户）' }}
          columns={[
            { title: '志愿者', dataIndex: 'name', width: 100 },
            { title: '身份证号', dataIndex: 'idMasked', width: 180 },
            { title: '所在地', dataIndex: 'regionName' },
            { title: '累计存入', dataIndex: 'creditedMinutes', width: 110, render: hours },
            { title: '累计兑换', dataIndex: 'redeemedMinutes', width: 110, render: hours },
            { title: '余额', dataIndex: 'balanceMinutes', width: 110, render: (v: number) => <b>{hours(v)}</b> },
            {
              title: '操作', key: 'op', width: 170,
              render: (_, a) => (
                <Space>
                  <a onClick={() => setLedger(a)}>流水</a>
                  {can(TIMEBANK) && <a onClick={() => setEntry({ kind: 'credit', personId: a.personId })}>存入</a>}
                  {can(TIMEBANK) && a.balanceMinutes > 0 && <a onClick={() => setEntry({ kind: 'redeem', personId: a.personId })}>兑换</a>}
                </Space>
              ),
            },
          ]}
        />
      </div>
      {entry && <EntryDialog kind={entry.kind} personId={entry.personId} onClose={() => setEntry(null)} />}
      <Drawer open={!!ledger} width={760} title={ledger ? `时间银行流水：${ledger.name}（余额 ${hours(ledger.balanceMinutes)}）` : ''} onClose={() => setLedger(null)}>
        {ledger && <Ledger personId={ledger.personId} />}
      </Drawer>
    </PageShell>
  );
}

function Ledger({ personId }: { personId: string }) {
  const entries = useTimebankEntries(personId);
  return (
    <>
      {entries.error && <ProblemAlert error={entries.error} />}
      <Table<TimebankEntry>
        size="small" rowKey="id" loading={entries.isFetching} dataSource={entries.data?.items ?? []} pagination={false}
        columns={[
          { title: '日期', dataIndex: 'serviceDate', width: 110 },
          { title: '类型', dataIndex: 'kind', width: 80, render: (v: string) => (v === 'credit' ? <Tag color="green">存入</Tag> : <Tag color="orange">兑换</Tag>) },
          { title: '时长', dataIndex: 'minutes', width: 90, render: hours },
          { title: '服务对象/提供人', dataIndex: 'counterpartName', width: 120 },
          { title: '服务内容', dataIndex: 'description' },
          { title: '余额', dataIndex: 'balanceAfterMinutes', width: 90, render: hours },
          { title: '经办人', dataIndex: 'createdByName', width: 100 },
        ]}
      />
    </>
  );
}

interface EntryForm { personId: string; counterpartPersonId?: string; serviceDate: Dayjs; hours: number; description: string }

function EntryDialog({ kind, personId, onClose }: { kind: 'credit' | 'redeem'; personId?: string; onClose: () => void }) {
  const write = useTimebankEntry();
  return (
    <ModalForm<EntryForm>
      name={`timebank-${kind}`} open title={kind === 'credit' ? '存入服务时长' : '兑换服务'} okText={kind === 'credit' ? '存入' : '兑换'} onClose={onClose}
      initialValues={{ personId, serviceDate: dayjs(), hours: 1 }}
      onSubmit={async (v) => {
        await write.mutateAsync({
          kind, body: { personId: v.personId, counterpartPersonId: v.counterpartPersonId || undefined, serviceDate: v.serviceDate.format('YYYY-MM-DD'), hours: v.hours, description: v.description.trim() },
        });
        onClose();
      }}
    >
      {!personId && <Form.Item name="personId" label="志愿者" rules={[{ required: true, message: '请选择志愿者' }]}><PersonPicker /></Form.Item>}
      {personId && <Form.Item name="personId" hidden><Input /></Form.Item>}
      <Form.Item name="counterpartPersonId" label={kind === 'credit' ? '接受服务的老人' : '服务提供人（可选）'} rules={kind === 'credit' ? [{ required: true, message: '请选择接受服务的老人' }] : []}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="serviceDate" label="服务日期" rules={[{ required: true, message: '请选择服务日期' }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
      <Form.Item name="hours" label="时长（小时，以0.5计）" rules={[{ required: true, message: '请填写时长' }]}><InputNumber min={0.5} max={24} step={0.5} precision={1} /></Form.Item>
      <Form.Item name="description" label="服务内容" rules={[{ required: true, whitespace: true, min: 2, message: '请填写服务内容' }]}><Input maxLength={200} /></Form.Item>
      <Typography.Paragraph type="secondary">{kind === 'redeem' ? '兑换时长不能超过余额。' : '首次存入时自动开户。'}</Typography.Paragraph>
    </ModalForm>
  );
}
