import { Alert, App, Button, Descriptions, Form, Input, Select, Skeleton, Space, Table, Timeline, Typography } from 'antd';
import { ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useSession } from '@mz/ui';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AlertAction } from '../domain/index.ts';
import { ALERT_STATUS_OPTIONS, DEPARTMENT_SELECT, SEVERITY_OPTIONS, actionPayload, casePath, evidenceLists, programmesText, evidenceRows, type ActionFormValues } from './labels.ts';
import { useAlert, useAlertAction, type AlertDetail } from './verification.api.ts';

const DONE: Record<AlertAction, string> = { verify: '已核实', keep: '已维持', transfer: '已转办', adjust: '已记录需调整，请在救助案件中办理调整' };
const LIST_TITLES: Record<string, string> = { items: '明细', entitlements: '享受待遇', cases: '救助案件' };
const COLUMN_NAMES: Record<string, string> = {
  name: '姓名', category: '类别', type: '类型', use: '用途', area: '面积', ref: '编号（脱敏）', amountFen: '金额', capitalFen: '注册资本', date: '日期', since: '成立日期',
  incomeFen: '月收入', hrssFen: '人社', housingFundFen: '公积金', taxFen: '税务', programme: '项目', regionCode: '区划', entitlementId: '待遇编号',
  viaHousehold: '按户享受', caseId: '案件', householdId: '家庭',
};

/** One alert: who, what the departments' data says, what to do, the handling so far, and the next step. */
export function AlertDetailPage() {
  const { id } = useParams<{ id: string }>();
  const alert = useAlert(id);
  const a = alert.data;
  const [acting, setActing] = useState<{ key: AlertAction; name: string } | null>(null);
  const { can } = useSession();

  return (
    <PageShell
      title={a ? `预警 ${a.alertNo}：${a.ruleName}` : '预警'}
      description={a ? `${a.personName ?? ''} ${a.idMasked ?? ''}` : undefined}
      extra={a && can('verification.handle') && (
        <Space>
          {a.availableActions.map((x) => (
            <Button key={x.key} type={x.key === 'verify' ? 'primary' : 'default'} onClick={() => setActing(x)}>{x.name}</Button>
          ))}
        </Space>
      )}
    >
      {alert.error && <ProblemAlert error={alert.error} />}
      {!a && !alert.error && <Skeleton active />}
      {a && (
        <>
          <div className="mz-panel">
            <Descriptions size="small" bordered column={3}>
              <Descriptions.Item label="状态"><StatusTag value={a.status} options={ALERT_STATUS_OPTIONS} /></Descriptions.Item>
              <Descriptions.Item label="级别"><StatusTag value={a.severity} options={SEVERITY_OPTIONS} /></Descriptions.Item>
              <Descriptions.Item label="处置层级">{a.handlingLevel === 3 ? '县级' : '乡镇（街道）'}</Descriptions.Item>
              <Descriptions.Item label="对象">{a.personName}</Descriptions.Item>
              <Descriptions.Item label="身份证号">{a.idMasked}</Descriptions.Item>
              <Descriptions.Item label="所在地">{a.regionName}</Descriptions.Item>
              <Descriptions.Item label="当前享受">{programmesText(a.programmes)}</Descriptions.Item>
              <Descriptions.Item label="发现日期">{a.raisedOn}</Descriptions.Item>
              <Descriptions.Item label="办结期限">{a.overdue ? <Typography.Text type="danger">{a.dueOn}（逾期）</Typography.Text> : a.dueOn}</Descriptions.Item>
              <Descriptions.Item label="救助案件" span={3}>
                {a.caseIds.length === 0 ? '—' : <Space wrap>{a.caseIds.map((c) => <Link key={c} to={casePath(c)}>查看案件 {c.slice(0, 8)}</Link>)}</Space>}
              </Descriptions.Item>
              {a.linkedCaseId && (
                <Descriptions.Item label={a.status === 'adjust' ? '需调整的案件' : '关联救助案件'} span={3}>
                  <Link to={casePath(a.linkedCaseId)} data-testid="linked-case">{a.status === 'adjust' ? '打开救助案件办理调整' : '查看救助案件'}</Link>
                  {a.status === 'adjust' && <Typography.Text type="secondary">（案件作出调整、暂停、停保等决定后，本预警自动结案）</Typography.Text>}
                </Descriptions.Item>
              )}
              {a.transferDepartment && <Descriptions.Item label="转办部门" span={3}>{a.transferDepartment}</Descriptions.Item>}
            </Descriptions>
            {a.advice && <Alert style={{ marginTop: 12 }} type="info" showIcon message="处置建议" description={a.advice} />}
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>比对依据</Typography.Title>
            <Evidence alert={a} />
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>处置记录</Typography.Title>
            {a.events.length === 0 ? <Typography.Text type="secondary">尚未处置</Typography.Text> : (
              <Timeline
                items={a.events.map((e) => ({
                  children: (
                    <>
                      <b>{e.actionName}</b>（{statusText(e.fromStatus)} → {statusText(e.toStatus)}）{e.byName ?? ''} {formatDateTime(e.at)}
                      {e.department && <div>转办：{e.department}</div>}
                      {e.opinion && <div>意见：{e.opinion}</div>}
                      {e.caseId && <div><Link to={casePath(e.caseId)}>关联救助案件</Link></div>}
                    </>
                  ),
                }))}
              />
            )}
          </div>
          {acting && <ActionDialog alert={a} action={acting} onClose={() => setActing(null)} />}
        </>
      )}
    </PageShell>
  );
}

/**
 * A status by name. 'closed' (已处置: the linked case decided, migration 0032) is written by the
 * case's decision and is not among the handling statuses the labels list.
 */
function statusText(status: string): string {
  return (ALERT_STATUS_OPTIONS as Record<string, { text: string } | undefined>)[status]?.text ?? (status === 'closed' ? '已处置' : status);
}

function Evidence({ alert }: { alert: AlertDetail }) {
  const rows = evidenceRows(alert.evidence);
  const lists = evidenceLists(alert.evidence);
  return (
    <>
      {rows.length > 0 && (
        <Descriptions size="small" bordered column={3} data-testid="evidence">
          {rows.map((r) => <Descriptions.Item key={r.key} label={r.label}>{r.value}</Descriptions.Item>)}
        </Descriptions>
      )}
      {lists.map((l) => (
        <Table
          key={l.key}
          style={{ marginTop: 12 }}
          size="small"
          title={() => LIST_TITLES[l.key] ?? l.key}
          rowKey={(_, i) => String(i)}
          dataSource={l.rows}
          pagination={false}
          columns={Object.keys(l.rows[0] ?? {}).map((k) => ({ title: COLUMN_NAMES[k] ?? k, dataIndex: k }))}
        />
      ))}
    </>
  );
}

function ActionDialog({ alert, action, onClose }: { alert: AlertDetail; action: { key: AlertAction; name: string }; onClose: () => void }) {
  const act = useAlertAction(alert.id);
  const { message } = App.useApp();
  const opinionRequired = action.key === 'keep' || action.key === 'adjust';
  return (
    <ModalForm<ActionFormValues>
      name={`alert-${action.key}`}
      open
      title={`${action.name}：预警 ${alert.alertNo}`}
      okText={action.name}
      initialValues={{ caseId: alert.caseIds.length === 1 ? alert.caseIds[0] : undefined }}
      onClose={onClose}
      onSubmit={async (v) => {
        await act.mutateAsync({ action: action.key, body: actionPayload(action.key, alert.version, v) });
        message.success(DONE[action.key]);
        onClose();
      }}
    >
      {() => (
        <>
          {action.key === 'transfer' && (
            <Form.Item name="department" label="转办部门" rules={[{ required: true, message: '请选择转办的部门' }]}>
              <Select options={DEPARTMENT_SELECT} />
            </Form.Item>
          )}
          {action.key === 'adjust' && (
            <Form.Item name="caseId" label="需调整待遇的救助案件" extra="调整（停保、减发）在救助案件中办理" rules={[{ required: alert.caseIds.length !== 1, message: '请选择或填写案件编号' }]}>
              {alert.caseIds.length > 0
                ? <Select options={alert.caseIds.map((c) => ({ value: c, label: `案件 ${c.slice(0, 8)}` }))} />
                : <Input placeholder="救助案件编号" />}
            </Form.Item>
          )}
          <Form.Item
            name="opinion"
            label={action.key === 'verify' ? '核实情况（可选）' : action.key === 'keep' ? '维持理由' : action.key === 'adjust' ? '核实情况和调整建议' : '转办说明'}
            rules={opinionRequired ? [{ required: true, whitespace: true, message: action.key === 'keep' ? '请填写维持的理由' : '请填写核实情况和调整建议' }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}
