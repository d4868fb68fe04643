import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Popconfirm, Space, Table, Typography } from 'antd';
import { PageShell, ProblemAlert, errorText, useSession } from '@mz/ui';
import dayjs from 'dayjs';
import { useState } from 'react';
import { downloadSettlement, useGenerateSettlement, useSettlements, type PendingSettlement, type SettlementView } from './homecare.api.ts';
import { SETTLE, thisMonth, yuan } from './homecare.labels.tsx';

const sum = <T,>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);

/** 月度结算: what a month would settle (visited orders per provider), the batches settled, and the workbook. */
export function HomecareSettlementPage() {
  const [month, setMonth] = useState(thisMonth());
  const data = useSettlements(month);
  const generate = useGenerateSettlement();
  const { can } = useSession();
  const { message } = App.useApp();
  const pending = data.data?.pending ?? [];
  const settled = data.data?.items ?? [];
  return (
    <PageShell
      title="居家养老·月度结算"
      description="县级民政部门按服务商结算已回访评价的工单；结算后工单锁定。金额 = 预算支付 + 自费，只有预算支付部分由财政结算给服务商"
      extra={(
        <Space>
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
          <Button icon={<DownloadOutlined />} disabled={!settled.length} onClick={() => downloadSettlement(month).catch((e) => message.error(errorText(e)))}>导出结算表</Button>
        </Space>
      )}
    >
      {data.error && <ProblemAlert error={data.error} />}
      <div className="mz-panel">
        <Space style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>{month} 待结算（已回访评价）</Typography.Title>
          {can(SETTLE) && (
            <Popconfirm
              title={`生成 ${month} 月度结算？`} description="已回访评价的工单将按服务商结算并锁定，不能再修改。" okText="生成" cancelText="取消"
              disabled={!pending.length}
              onConfirm={() => generate.mutateAsync(month).then((r) => message.success(`已生成 ${r.items.length} 个服务商的结算单`)).catch((e) => message.error(errorText(e)))}
            >
              <Button type="primary" disabled={!pending.length} loading={generate.isPending}>生成月度结算</Button>
            </Popconfirm>
          )}
        </Space>
        <Table<PendingSettlement>
          size="small" rowKey="providerId" dataSource={pending} pagination={false} locale={{ emptyText: '没有待结算的工单' }}
          columns={[
            { title: '服务商', dataIndex: 'providerName' },
            { title: '工单数', dataIndex: 'orderCount', width: 90 },
            { title: '服务金额', dataIndex: 'amountFen', width: 120, render: yuan },
            { title: '预算支付', dataIndex: 'budgetFen', width: 120, render: yuan },
            { title: '自费', dataIndex: 'selfPayFen', width: 120, render: yuan },
          ]}
        />
      </div>
      <div className="mz-panel">
        <Typography.Title level={5}>{month} 已结算</Typography.Title>
        <Table<SettlementView>
          size="small" rowKey="id" loading={data.isFetching} dataSource={settled} pagination={false} locale={{ emptyText: '本月尚未结算' }}
          columns={[
            { title: '服务商', dataIndex: 'providerName' },
            { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
            { title: '批次', dataIndex: 'batchNo', width: 60 },
            { title: '工单数', dataIndex: 'orderCount', width: 80 },
            { title: '服务金额', dataIndex: 'amountFen', width: 110, render: yuan },
            { title: '预算支付', dataIndex: 'budgetFen', width: 110, render: yuan },
            { title: '自费', dataIndex: 'selfPayFen', width: 100, render: yuan },
            { title: '结算人', dataIndex: 'createdByName', width: 110 },
            { title: '结算时间', dataIndex: 'createdAt', width: 150, render: (v: string) => v.slice(0, 16).replace('T', ' ') },
          ]}
          summary={(rows) => rows.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}><b>合计</b></Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{sum([...rows], (r) => r.orderCount)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{yuan(sum([...rows], (r) => r.amountFen))}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{yuan(sum([...rows], (r) => r.budgetFen))}</Table.Summary.Cell>
              <Table.Summary.Cell index={6} colSpan={3}>{yuan(sum([...rows], (r) => r.selfPayFen))}</Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </div>
    </PageShell>
  );
}
