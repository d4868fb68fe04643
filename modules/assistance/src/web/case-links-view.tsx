/**
 * What other modules contribute to the case page: the household verification report that
 * answered 申请信息核对, and the notices (核对预警 需调整) the case must act on. Links only — the
 * pages are the verification module's, reached by path (assistance does not import it).
 */
import { Alert, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { CaseDetail, VerificationReportSummary } from '@mz/assistance';
import { cnDate, cnDateTime } from './format.ts';

const CONCLUSION_TONE: Record<VerificationReportSummary['conclusion'], string> = { eligible: 'success', ineligible: 'error', manual: 'warning' };

/** The latest report recorded by 申请信息核对, or null when the step was taken by hand. */
export function latestReport(detail: CaseDetail): VerificationReportSummary | null {
  const step = [...detail.timeline].reverse().find((t) => t.action === 'request_verification' && (t.data as { report?: unknown } | null)?.report);
  return step ? (step.data as { report: VerificationReportSummary }).report : null;
}

export function VerificationReportNote({ detail }: { detail: CaseDetail }) {
  const report = latestReport(detail);
  if (!report) return null;
  return (
    <div data-testid="verification-report">
      <Space wrap>
        <span>家庭经济状况核对报告第 {report.requestNo} 号</span>
        <Tag color={CONCLUSION_TONE[report.conclusion]}>{report.conclusionName}</Tag>
        <span>核对日期 {cnDate(report.requestedOn)}，时限 {cnDate(report.dueOn)}</span>
        <Link to={`/verification/requests/${report.requestId}`}>查看报告</Link>
        <Link to={`/verification/requests?caseId=${detail.id}`}>本案全部核对</Link>
      </Space>
      {report.reasons.length > 0 && (
        <ul style={{ margin: '6px 0 0', paddingLeft: 20 }}>
          {report.reasons.map((r) => <li key={r}>{r}</li>)}
        </ul>
      )}
    </div>
  );
}

/** Open notices first: what to do; closed ones say which step closed them. */
export function CaseNotices({ detail }: { detail: CaseDetail }) {
  if (detail.notices.length === 0) return null;
  const open = detail.notices.filter((n) => n.open);
  return (
    <div data-testid="case-notices">
      {open.length > 0 && (
        <Alert
          type="warning" showIcon style={{ marginBottom: 8 }}
          title={`核对监测发现 ${open.length} 条须调整待遇的预警：请核实后通过「调整保障金」「暂停发放」「停保」等环节办理，办理后预警自动结案`}
        />
      )}
      <List
        size="small"
        dataSource={detail.notices}
        renderItem={(n) => (
          <List.Item key={n.id} data-testid="case-notice">
            <div style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={n.open ? 'orange' : 'default'}>{n.open ? '待调整待遇' : '已处置'}</Tag>
                <Typography.Text strong>{n.title}</Typography.Text>
                <Link to={n.link}>预警 {n.refNo ?? ''}</Link>
              </Space>
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>{n.summary}</Typography.Paragraph>
              {n.opinion && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>核实意见：{n.opinion}（{n.raisedByName ?? ''} {cnDateTime(n.raisedAt)}）</Typography.Paragraph>}
              {!n.open && (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  已由第 {n.closedSeq} 步「{n.closedActionName}」处置（{n.closedByName ?? ''} {n.closedAt ? cnDateTime(n.closedAt) : ''}）
                </Typography.Paragraph>
              )}
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
