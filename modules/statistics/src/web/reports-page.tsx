import { App, Button, Descriptions, Drawer, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { PageShell, ProblemAlert, formatDateTime, useSession, useViewRegion } from '@mz/ui';
import { useState } from 'react';
import { formatIndicatorValue, REPORT_KIND_NAMES, type ReportKind } from '../domain/index.ts';
import { recentMonths } from './format.ts';
import { reportXlsxUrl, useGenerateReport, useIndicators, useReport, useReports, useSubmitReport, type ReportDetail } from './statistics.api.ts';

const PERIOD = { monthly: /^\d{4}-(0[1-9]|1[0-2])$/, quarterly: /^\d{4}-Q[1-4]$/ };

function ReportTable({ r }: { r: ReportDetail }) {
  const cols = r.content.columns;
  const rows = [...r.content.rows, { ...r.content.total, regionName: `合计（${r.content.total.regionName}）` }];
  return (
    <Table
      size="small" rowKey="regionCode" dataSource={rows} pagination={false} scroll={{ x: true }}
      rowClassName={(x) => (x.regionCode === r.content.total.regionCode ? 'mz-total-row' : '')}
      columns={[
        { title: '区划', dataIndex: 'regionName', fixed: 'left', render: (v: string, x) => (x.regionCode === r.content.total.regionCode ? <strong>{v}</strong> : v) },
        ...cols.map((c, i) => ({
          title: <span>{c.name}<br /><Typography.Text type="secondary">（{c.unit}）</Typography.Text></span>, key: c.indicator, align: 'right' as const,
          render: (_: unknown, x: { values: (number | null)[] }) => formatIndicatorValue(x.values[i] ?? null, c.format),
        })),
      ]}
    />
  );
}

/** 统计报表: generate a 月报/季报 for the region (rows = children + 合计), view, export to Excel, submit (locks it). */
export function ReportsPage() {
  const { can } = useSession();
  const view = useViewRegion();
  const { message } = App.useApp();
  const indicators = useIndicators();
  const reports = useReports({ regionCode: view.isHome ? undefined : view.code });
  const generate = useGenerateReport();
  const submit = useSubmitReport();
  const [openId, setOpenId] = useState<string | undefined>();
  const open = useReport(openId);
  const [form] = Form.useForm<{ kind: ReportKind; period: string; indicators: string[] }>();
  const kind = Form.useWatch('kind', form) ?? 'monthly';
  const mayReport = can('statistics.report');

  const onGenerate = async (v: { kind: ReportKind; period: string; indicators: string[] }) => {
    const r = await generate.mutateAsync({ ...v, regionCode: view.isHome ? undefined : view.code });
    message.success(`已生成 ${r.regionName ?? r.regionCode} ${r.period} ${r.kindName}`);
    setOpenId(r.id);
  };

  return (
    <PageShell title="统计报表" description="民政统计月报、季报：行为下级区划及合计，列为所选指标；上报后锁定">
      {mayReport && (
        <div className="mz-panel">
          <Form form={form} layout="inline" initialValues={{ kind: 'monthly', period: recentMonths(1)[0], indicators: [] }} onFinish={onGenerate}>
            <Form.Item name="kind" label="报表">
              <Radio.Group options={(['monthly', 'quarterly'] as const).map((k) => ({ value: k, label: REPORT_KIND_NAMES[k] }))} />
            </Form.Item>
            <Form.Item name="period" label="报告期" rules={[{ required: true, message: '请填写报告期' }, { pattern: PERIOD[kind], message: kind === 'monthly' ? '月报期应为 YYYY-MM' : '季报期应为 YYYY-Qn，如 2026-Q1' }]}>
              <Input style={{ width: 120 }} placeholder={kind === 'monthly' ? 'YYYY-MM' : 'YYYY-Qn'} />
            </Form.Item>
            <Form.Item name="indicators" label="指标" rules={[{ required: true, message: '请至少选择一项指标' }]}>
              <Select mode="multiple" style={{ minWidth: 360 }} placeholder="选择指标（按目录顺序成列）" loading={indicators.isLoading}
                options={(indicators.data?.items ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.unit}）` }))} />
            </Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" icon={<FileAddOutlined />} loading={generate.isPending}>生成报表</Button></Form.Item>
          </Form>
          {generate.error && <ProblemAlert error={generate.error} />}
        </div>
      )}
      {reports.error && <ProblemAlert error={reports.error} />}
      <div className="mz-panel">
        <Table
          size="small" rowKey="id" loading={reports.isFetching} dataSource={reports.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }}
          locale={{ emptyText: '还没有报表' }}
          columns={[
            { title: '报告期', dataIndex: 'period' },
            { title: '类型', dataIndex: 'kindName' },
            { title: '填报单位', dataIndex: 'regionName' },
            { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'submitted' ? <Tag color="green">已上报</Tag> : <Tag>草稿</Tag>) },
            { title: '生成', render: (_: unknown, r) => `${r.generatedByName} ${formatDateTime(r.generatedAt)}` },
            { title: '上报', render: (_: unknown, r) => (r.submittedAt ? `${r.submittedByName ?? ''} ${formatDateTime(r.submittedAt)}` : '—') },
            {
              title: '操作', render: (_: unknown, r) => (
                <Space>
                  <a onClick={() => setOpenId(r.id)}>查看</a>
                  <a href={reportXlsxUrl(r.id)} download><DownloadOutlined /> 导出</a>
                  {mayReport && r.status === 'draft' && (
                    <Popconfirm title="上报后报表锁定，不能重新生成。确认上报？" okText="上报" cancelText="取消"
                      onConfirm={() => submit.mutateAsync({ id: r.id, version: r.version }).then(() => message.success('已上报'))}>
                      <a>上报</a>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
        {submit.error && <ProblemAlert error={submit.error} />}
      </div>
      <Drawer width="80%" open={!!openId} onClose={() => setOpenId(undefined)} title={open.data ? `${open.data.regionName ?? ''} ${open.data.period} ${open.data.kindName}` : '报表'}>
        {open.error && <ProblemAlert error={open.error} />}
        {open.data && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }} items={[
              { key: 'months', label: '报告期月份', children: open.data.content.months.join('、') },
              { key: 'status', label: '状态', children: open.data.status === 'submitted' ? `已上报（${open.data.submittedByName ?? ''} ${formatDateTime(open.data.submittedAt)}）` : '草稿' },
              { key: 'gen', label: '生成', children: `${open.data.generatedByName} ${formatDateTime(open.data.generatedAt)}` },
            ]} />
            <ReportTable r={open.data} />
          </>
        )}
      </Drawer>
    </PageShell>
  );
}
