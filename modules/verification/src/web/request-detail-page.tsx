import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Skeleton, Table, Typography } from 'antd';
import { PageShell, ProblemAlert, StatusTag, formatDateTime } from '@mz/ui';
import { Link, useParams } from 'react-router';
import type { HouseholdReport } from '../domain/index.ts';
import { CHECK_OPTIONS, CONCLUSION_OPTIONS, EMPTY, SOURCE_STATE_OPTIONS, casePath, money } from './labels.ts';
import { useRequest, type RequestDetail } from './verification.api.ts';

// Printing shows the report alone: everything else on the page (menu, header, buttons) is hidden.
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  .mz-print, .mz-print * { visibility: visible; }
  .mz-print { position: absolute; left: 0; top: 0; width: 100%; }
  .mz-no-print { display: none !important; }
}`;

/** 家庭经济状况核对报告: members, every hit with its source and date, sums against the local limits, the conclusion; printable. */
export function RequestDetailPage() {
  const { id } = useParams<{ id: string }>();
  const req = useRequest(id);
  const r = req.data;
  return (
    <PageShell
      title={r ? `家庭经济状况核对报告 ${r.requestNo}` : '家庭经济状况核对报告'}
      extra={r && <Button icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>}
    >
      <style>{PRINT_CSS}</style>
      {req.error && <ProblemAlert error={req.error} />}
      {!r && !req.error && <Skeleton active />}
      {r && <ReportView request={r} />}
    </PageShell>
  );
}

export function ReportView({ request: r }: { request: RequestDetail }) {
  const report = r.report as HouseholdReport | null;
  return (
    <div className="mz-panel mz-print" data-testid="verification-report">
      <Typography.Title level={4} style={{ textAlign: 'center' }}>家庭经济状况核对报告</Typography.Title>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="报告编号">{r.requestNo}</Descriptions.Item>
        <Descriptions.Item label="救助案件"><Link to={casePath(r.caseId)}>{r.caseNo}</Link></Descriptions.Item>
        <Descriptions.Item label="申请人">{r.applicantName}</Descriptions.Item>
        <Descriptions.Item label="所在地">{r.regionName}</Descriptions.Item>
        <Descriptions.Item label="发起">{r.requestedOn}（{r.createdByName ?? EMPTY}）</Descriptions.Item>
        <Descriptions.Item label="办结期限">{r.dueOn}</Descriptions.Item>
        <Descriptions.Item label="出具时间">{formatDateTime(r.reportedAt)}</Descriptions.Item>
        <Descriptions.Item label="核对结论" span={2}>
          <span data-testid="conclusion"><StatusTag value={r.conclusion} options={CONCLUSION_OPTIONS} /></span>
        </Descriptions.Item>
      </Descriptions>
      {r.error && <Alert type="error" showIcon message={r.error} style={{ marginTop: 12 }} />}
      {report && (
        <>
          <Alert
            style={{ marginTop: 12 }}
            type={report.conclusion === 'eligible' ? 'success' : report.conclusion === 'ineligible' ? 'error' : 'warning'}
            showIcon
            message={`核对结论：${report.conclusionName}`}
            description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{report.reasons.map((x) => <li key={x}>{x}</li>)}</ul>}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>收入和财产与当地标准</Typography.Title>
          <Table
            size="small"
            rowKey="key"
            dataSource={report.checks}
            pagination={false}
            columns={[
              { title: '项目', dataIndex: 'name', width: 150 },
              { title: '核对结果', dataIndex: 'value' },
              { title: '当地标准', dataIndex: 'limit' },
              { title: '判断', dataIndex: 'result', width: 100, render: (v: string) => <StatusTag value={v} options={CHECK_OPTIONS} /> },
              { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? EMPTY },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>家庭成员</Typography.Title>
          <Table
            size="small"
            rowKey="personId"
            dataSource={report.members}
            pagination={false}
            columns={[
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '身份证号', dataIndex: 'idMasked', width: 180 },
              { title: '人社月收入', dataIndex: 'hrssFen', align: 'right', render: money },
              { title: '公积金缴存基数', dataIndex: 'housingFundFen', align: 'right', render: money },
              { title: '税务月均收入', dataIndex: 'taxFen', align: 'right', render: money },
              { title: '计入月收入', dataIndex: 'incomeFen', align: 'right', render: money },
              { title: '存款', dataIndex: 'depositsFen', align: 'right', render: money },
              { title: '死亡/羁押', key: 'flags', render: (_, m) => [m.deceasedOn && `死亡 ${m.deceasedOn}`, m.inCustodySince && `羁押 ${m.inCustodySince}起`].filter(Boolean).join('；') || EMPTY },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>比对命中（{report.hits.length} 条）</Typography.Title>
          <Table
            size="small"
            rowKey={(h) => `${h.snapshotId}-${h.personId}-${h.eventDate}-${h.ref}-${h.amountFen}-${h.category}`}
            dataSource={report.hits}
            pagination={false}
            locale={{ emptyText: '各部门数据中没有该家庭成员的记录' }}
            columns={[
              { title: '数据来源', dataIndex: 'sourceName', width: 170 },
              { title: '成员', dataIndex: 'name', width: 90 },
              { title: '日期', dataIndex: 'eventDate', width: 110, render: (v: string | null, h) => (h.endDate ? `${v ?? EMPTY} 至 ${h.endDate}` : v ?? EMPTY) },
              { title: '类别', dataIndex: 'category', width: 110, render: (v: string | null) => v ?? EMPTY },
              { title: '金额', dataIndex: 'amountFen', width: 120, align: 'right', render: money },
              { title: '数量', dataIndex: 'quantity', width: 80, render: (v: number | null) => v ?? EMPTY },
              { title: '编号（脱敏）', dataIndex: 'ref', width: 150, render: (v: string | null) => v ?? EMPTY },
              { title: '数据版本', key: 'v', render: (_, h) => `第 ${h.version} 版，截至 ${h.asOf}` },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>数据来源</Typography.Title>
          <Table
            size="small"
            rowKey="code"
            dataSource={report.sources}
            pagination={false}
            columns={[
              { title: '数据来源', dataIndex: 'name', width: 200 },
              { title: '使用情况', dataIndex: 'status', width: 150, render: (v: string) => <StatusTag value={v} options={SOURCE_STATE_OPTIONS} /> },
              { title: '版本', key: 'v', render: (_, s) => (s.version ? `第 ${s.version} 版，截至 ${s.asOf}` : EMPTY) },
              { title: '命中', dataIndex: 'hits', width: 80, align: 'right' },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            收入取各成员最近一期人社收入、公积金缴存基数和税务月均收入中的最高者（三者反映同一工资，不相加）；过期或未导入的数据不参与核对。
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
