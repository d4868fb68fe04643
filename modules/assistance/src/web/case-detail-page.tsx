import { FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Descriptions, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { CARE_MODES, CARE_TIERS, LINSHI_TYPES, PROGRAMMES, type CaseActionChoice } from '@mz/assistance';
import { PageShell, ProblemAlert, StatusTag, useSession, useViewRegion } from '@mz/ui';
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ActionDialog } from './action-dialog.tsx';
import { actionForm } from './action-forms.ts';
import { noticePdfUrl, publicityPdfUrl, useCase, useEffectiveParams, useRefreshCase, type CaseDetail } from './assistance.api.ts';
import { BreakdownView } from './breakdown-view.tsx';
import { CaseLedger } from './case-ledger.tsx';
import { DueCell, FlagTags } from './case-columns.tsx';
import { ApplicationView, CaseTimeline, ClocksTable, MembersTable } from './case-views.tsx';
import { CaseNotices, VerificationReportNote, latestReport } from './case-links-view.tsx';
import { EdgeFamilyTag, ExcludedMembersList, JobRefusalsTable, RecheckCell } from './dynamic-views.tsx';
import { cnDate, cnDateTime, cnMonth, money } from './format.ts';
import { formatParamValue } from './param-value.ts';
import { PROGRAMME_SHORT, stateTone } from './vocab.ts';

/** What a flag asks of the officials, shown above the case. */
const FLAG_NOTES: Record<string, string> = {
  near_kin: '申请家庭有经办人员或村（居）委会成员的近亲属（已备案），审核确认前须经县级入户核查（低保办法第十一条、第二十条）。',
  complaint: '审核确认期间有投诉，确认前须经县级入户核查（低保办法第二十条）。',
  spot_check: '本案被抽中县级抽查，须完成抽查后方可确认（特困办法第十六条）。',
  advance: '申请先行救助：先行发放，事后补办手续（救助法第五十条）。',
  job_refusals: '保障对象中有成员无正当理由连续三次拒绝介绍的工作，审核确认机关听取家庭意见后可停发其本人保障金（低保办法第三十四条）。',
};

/**
 * Steps whose outcome is a written decision the family receives. 先行救助 is the approving
 * official's decision too (救助法第五十条): its notice prints as soon as it is granted.
 */
const DECIDING = ['approve', 'refuse', 'terminate', 'advance_grant'];

function Panel({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="mz-panel">
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <div style={{ marginLeft: 'auto' }}>{extra}</div>
      </div>
      {children}
    </div>
  );
}

/** Parameter rows cited by the breakdown, named from the parameters in force on the application date. */
function useParamNames(detail: CaseDetail | undefined) {
  const on = typeof detail?.application.applicationDate === 'string' ? detail.application.applicationDate : undefined;
  const params = useEffectiveParams(detail?.breakdown?.paramIds.length ? detail.regionCode : undefined, on ?? '');
  return useMemo(() => {
    const byId = new Map((params.data?.items ?? []).filter((p) => p.id).map((p) => [p.id!, p]));
    return (id: string) => {
      const p = byId.get(id);
      return p ? `${p.name}：${formatParamValue(p.unit, p.value)}（${p.regionName ?? ''}，${cnDate(p.effectiveFrom)}起）` : undefined;
    };
  }, [params.data]);
}

/** 案件详情 (/assistance/cases/:id): the case, its data and calculation, clocks, history and the next steps. */
export function CaseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const view = useViewRegion();
  const { can } = useSession();
  const query = useCase(id);
  const refresh = useRefreshCase();
  const c = query.data;
  const [acting, setActing] = useState<CaseActionChoice | null>(null);
  const paramName = useParamNames(c);

  const title = c ? `${PROGRAMME_SHORT[c.programme]}案件 ${c.caseNo}` : '案件详情';
  const decided = !!c?.timeline.some((t) => DECIDING.includes(t.action));
  const publicity = c?.timeline.filter((t) => t.action === 'start_publicity').at(-1);

  return (
    <PageShell
      title={title}
      breadcrumb={[{ title: '案件查询', onClick: () => navigate(view.link('/assistance/cases')) }, { title: c?.caseNo ?? '详情' }]}
      extra={
        c && (
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void refresh(c.id)} loading={query.isFetching}>
              刷新
            </Button>
            {publicity && (
              <Button
                icon={<FilePdfOutlined />}
                href={publicityPdfUrl(c.regionCode, c.programme, 'preliminary', publicity.at.slice(0, 10))}
                target="_blank"
              >
                公示名单
              </Button>
            )}
            <Tooltip title={decided ? undefined : '作出确认、不予确认或终止决定后可打印'}>
              <Button icon={<FilePdfOutlined />} href={decided ? noticePdfUrl(c.id) : undefined} target="_blank" disabled={!decided}>
                打印决定书
              </Button>
            </Tooltip>
          </>
        )
      }
    >
      {query.error && !c ? (
        <div className="mz-panel">
          <ProblemAlert error={query.error} />
        </div>
      ) : !c ? (
        <div className="mz-panel">
          <Skeleton active />
        </div>
      ) : (
        <>
          <div className="mz-panel">
            {c.flags
              .filter((f) => FLAG_NOTES[f])
              .map((f) => (
                <Alert key={f} type={f === 'advance' ? 'info' : 'warning'} showIcon title={FLAG_NOTES[f]} style={{ marginBottom: 8 }} />
              ))}
            {c.recheckNotes.map((note) => (
              <Alert key={note} type="warning" showIcon title={note} style={{ marginBottom: 8 }} data-testid="recheck-note" />
            ))}
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                { key: 'no', label: '案件编号', children: <span style={{ fontFamily: 'monospace' }} data-testid="case-no">{c.caseNo}</span> },
                { key: 'programme', label: '救助项目', children: PROGRAMMES[c.programme] },
                {
                  key: 'state',
                  label: '状态',
                  children: (
                    <Space size={0} wrap data-testid="case-state">
                      <StatusTag tone={stateTone(c.state)}>{c.stateName}</StatusTag>
                      <FlagTags flags={c.flags} />
                      <EdgeFamilyTag recognition={c.edgeFamilyRecognition} />
                    </Space>
                  ),
                },
                {
                  key: 'applicant',
                  label: '申请人',
                  children: (
                    <>
                      {c.applicantName} <span style={{ fontFamily: 'monospace', color: '#888' }}>{c.applicantIdMasked}</span>
                    </>
                  ),
                },
                { key: 'region', label: '所属区划', children: <span title={c.regionCode}>{c.regionName}</span> },
                { key: 'size', label: c.programme === 'dibao' ? '保障人数' : '人数', children: `${c.householdSize} 人` },
                {
                  key: 'amount',
                  label: c.programme === 'linshi' ? '救助金额' : '月保障金额',
                  children: (
                    <Typography.Text strong data-testid="case-amount">
                      {money(c.amountFen)}
                    </Typography.Text>
                  ),
                },
                ...(c.startMonth ? [{ key: 'start', label: '发放起始月份', children: cnMonth(c.startMonth) }] : []),
                ...(c.stopMonth ? [{ key: 'stop', label: '停发月份', children: cnMonth(c.stopMonth) }] : []),
                ...(c.recheckDueOn ? [{ key: 'recheck', label: '复核期限', children: <RecheckCell c={c} /> }] : []),
                ...(c.tier ? [{ key: 'tier', label: '照料护理等级', children: CARE_TIERS[c.tier] }] : []),
                ...(c.careMode ? [{ key: 'care', label: '供养方式', children: CARE_MODES[c.careMode] }] : []),
                ...(c.linshiType ? [{ key: 'type', label: '救助类型', children: LINSHI_TYPES[c.linshiType] }] : []),
                ...(c.advancePaidFen != null ? [{ key: 'adv', label: '先行救助已发放', children: money(c.advancePaidFen) }] : []),
                { key: 'due', label: '当前时限', children: <DueCell c={c} /> },
                { key: 'updated', label: '最近办理', children: cnDateTime(c.updatedAt) },
              ]}
            />
            <div style={{ marginTop: 12 }} data-testid="case-actions">
              {c.availableActions.length ? (
                <Space wrap>
                  <Typography.Text type="secondary">可办理：</Typography.Text>
                  {c.availableActions.map((a) => (
                    <Button
                      key={a.key}
                      type={actionForm(c.programme, a.key).danger ? 'default' : 'primary'}
                      danger={actionForm(c.programme, a.key).danger}
                      ghost={!actionForm(c.programme, a.key).danger}
                      onClick={() => setActing(a)}
                    >
                      {a.name}
                    </Button>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">当前没有需要您办理的环节</Typography.Text>
              )}
            </div>
          </div>

          <Row gutter={12}>
            <Col xs={24} xl={14} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {c.household && (
                <Panel title={`家庭成员（${c.household.members.length} 人）`} extra={<Typography.Text type="secondary">{c.household.address}</Typography.Text>}>
                  <MembersTable members={c.household.members} />
                </Panel>
              )}
              {!c.household && c.subject && (
                <Panel title="申请人">
                  {c.subject.name} <span style={{ fontFamily: 'monospace', color: '#888' }}>{c.subject.idNumberMasked}</span>
                  {c.subject.age !== null && ` ${c.subject.age}岁`}
                </Panel>
              )}
              {c.notices.length > 0 && (
                <Panel title="核对监测预警" extra={<Tag color={c.notices.some((n) => n.open) ? 'orange' : 'default'}>{c.notices.filter((n) => n.open).length} 条待处置</Tag>}>
                  <CaseNotices detail={c} />
                </Panel>
              )}
              {latestReport(c) && (
                <Panel title="家庭经济状况核对">
                  <VerificationReportNote detail={c} />
                </Panel>
              )}
              {(c.jobRefusals.length > 0 || c.excludedMembers.length > 0) && (
                <Panel title="介绍就业情况（低保办法第三十四条）">
                  {c.jobRefusals.length > 0 && <JobRefusalsTable rows={c.jobRefusals} />}
                  {c.excludedMembers.length > 0 && (
                    <>
                      <Typography.Title level={5} style={{ marginTop: c.jobRefusals.length ? 12 : 0 }}>
                        已停发本人保障金的成员
                      </Typography.Title>
                      <ExcludedMembersList members={c.excludedMembers} />
                    </>
                  )}
                </Panel>
              )}
              <Panel title="测算明细">
                {c.breakdown ? (
                  <>
                    <BreakdownView breakdown={c.breakdown} provenance paramLabel={paramName} />
                    {/* Whose share is stopped and why (低保办法第三十四条) is said here, not in the items. */}
                    {(c.breakdown.notes ?? []).map((n, i) => (
                      <Typography.Paragraph key={i} type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
                        {n}
                      </Typography.Paragraph>
                    ))}
                  </>
                ) : (
                  <Typography.Text type="secondary">尚无测算结果</Typography.Text>
                )}
              </Panel>
              <Panel title="申请信息">
                <ApplicationView detail={c} />
              </Panel>
            </Col>
            <Col xs={24} xl={10} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {can('payments.read') && (
                <Panel title="待遇与发放">
                  <CaseLedger caseId={c.id} version={c.version} />
                </Panel>
              )}
              <Panel title="办理时限">
                <ClocksTable clocks={c.clocks} />
              </Panel>
              <Panel title="办理过程" extra={<Tag>{c.timeline.length} 条</Tag>}>
                <CaseTimeline detail={c} />
              </Panel>
            </Col>
          </Row>

          <ActionDialog detail={c} action={acting} onClose={() => setActing(null)} />
        </>
      )}
    </PageShell>
  );
}
