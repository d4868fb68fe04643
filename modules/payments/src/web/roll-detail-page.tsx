import { DownloadOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Checkbox, Descriptions, Form, Input, Modal, Radio, Select, Skeleton, Space, Table, Tabs, Tag, Timeline, Tooltip, Typography, Upload,
} from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, StatusTag, apiFetch, errorText, formatDateTime, useSession } from '@mz/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ROLL_KIND_NAMES, ROLL_STATE_NAMES, type HeldView, type RollOperation } from '../domain/index.ts';
import {
  LEVEL_NAMES, LINE_KIND_SELECT, money, monthText, returnReportCsv, rollButtons, ROLL_STATE_OPTIONS, sourceLink, totalsTree, TRANSFER_STATUS_OPTIONS,
  TRANSFER_STATUS_SELECT, type TotalNode,
} from './labels.ts';
import {
  downloadGet, exportBankFile, rollPaths, saveBlob, uploadReturn, useBankProfiles, useRoll, useRollExports, useRollLines, useRollReturns, useRollStep,
  useInvalidateAll, useRollTotals, useRollTransfers, type LineView, type RegionTotal, type ReturnProblem, type RollDetail, type TransferView,
} from './payments.api.ts';

/** 发放表详情: the roll's figures, its control totals, its lines and bank round trip, and the next step. */
export function RollDetailPage() {
  const { id = '' } = useParams();
  const roll = useRoll(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const r = roll.data;
  return (
    <PageShell
      title={r ? r.rollNo : '发放表'}
      documentTitle="发放表详情"
      breadcrumb={[{ title: '发放表', onClick: () => navigate('/payments/rolls') }, { title: r?.rollNo ?? '详情' }]}
      extra={r && (
        <Button icon={<DownloadOutlined />} onClick={() => downloadGet(rollPaths.rollXlsx(r.id), undefined, `${r.rollNo}.xlsx`).catch((err) => message.error(errorText(err)))}>
          导出发放表 Excel
        </Button>
      )}
    >
      {roll.error && <ProblemAlert error={roll.error} />}
      {!r && !roll.error && <div className="mz-panel"><Skeleton active /></div>}
      {r && (
        <>
          <Summary roll={r} />
          <div className="mz-panel">
            <Tabs
              items={[
                { key: 'totals', label: '分级汇总', children: <TotalsTab rollId={r.id} /> },
                { key: 'lines', label: `发放明细（${r.lineCount}）`, children: <LinesTab rollId={r.id} /> },
                ...(r.transfers ? [{ key: 'transfers', label: `银行代发（${r.transfers.total}）`, children: <TransfersTab roll={r} /> }] : []),
                ...(r.held?.count ? [{ key: 'held', label: `暂停发放（${r.held.count}）`, children: <HeldTab rollId={r.id} /> }] : []),
                { key: 'files', label: '导出与回盘', children: <FilesTab rollId={r.id} /> },
                { key: 'events', label: '办理记录', children: <EventsTab roll={r} /> },
              ]}
            />
          </div>
        </>
      )}
    </PageShell>
  );
}

function Summary({ roll: r }: { roll: RollDetail }) {
  const t = r.transfers;
  return (
    <div className="mz-panel">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Actions roll={r} />
        {r.missingAccounts > 0 && (
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            message={`${r.missingAccounts} 名收款人在人员信息中没有银行账户，导出银行代发文件前请先补录账户`}
            data-testid="missing-accounts"
          />
        )}
        {r.held?.count > 0 && (
          <Alert
            type="info"
            showIcon
            message={`${r.held.count} 名对象因暂停发放未列入本表（本月应发 ${money(r.held.amountFen)}）`}
            description="暂停多由核对预警（静默认证未通过）提出；预警处置后恢复发放，暂停期间的月份由下一期发放表补发。"
            data-testid="held-beneficiaries"
          />
        )}
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'state', label: '状态', children: <span data-testid="roll-state"><StatusTag value={r.state} options={ROLL_STATE_OPTIONS} /></span> },
            { key: 'programme', label: '项目', children: r.runName ?? r.programmeName ?? '—' },
            { key: 'kind', label: '类别', children: ROLL_KIND_NAMES[r.kind] },
            { key: 'month', label: '月份', children: monthText(r.month) },
            { key: 'region', label: '县（区）', children: r.regionName },
            { key: 'lines', label: '笔数', children: <span data-testid="roll-lines">{r.lineCount}</span> },
            { key: 'households', label: '户数', children: r.householdCount },
            { key: 'persons', label: '人数', children: r.personCount },
            { key: 'amount', label: '应发金额', children: <strong data-testid="roll-amount">{money(r.amountFen)}</strong> },
            { key: 'recovery', label: '本期新增追回', children: money(r.recoveryFen) },
            { key: 'paid', label: '银行已付', children: money(r.paidFen) },
            { key: 'failed', label: '银行失败', children: <span data-testid="roll-failed">{money(r.failedFen)}</span> },
            ...(t ? [{
              key: 'transfers', label: '代发笔数', span: 2,
              children: <span data-testid="roll-transfers">共 {t.total} 笔：待回盘 {t.sent}，成功 {t.paid}，失败 {t.failed}（已重发 {t.reissued}，放弃 {t.abandoned}）</span>,
            }] : []),
            ...(r.reissueOfRollId ? [{ key: 'of', label: '重发自', children: <Link to={`/payments/rolls/${r.reissueOfRollId}`}>原发放表</Link> }] : []),
            { key: 'gen', label: '生成', span: 2, children: `${r.generatedByName ?? '—'}，${formatDateTime(r.generatedAt)}` },
          ]}
        />
        <Table
          size="small"
          rowKey="kind"
          pagination={false}
          title={() => '按明细类别'}
          dataSource={r.byKind}
          columns={[
            { title: '类别', dataIndex: 'kindName' },
            { title: '笔数', dataIndex: 'lines', align: 'right' },
            { title: '金额', dataIndex: 'amountFen', align: 'right', render: money },
          ]}
        />
      </Space>
    </div>
  );
}

// ---- actions -------------------------------------------------------------------------------------

type Dialog = { kind: 'step'; key: RollOperation; name: string; opinionRequired: boolean } | { kind: RollOperation } | null;

function Actions({ roll: r }: { roll: RollDetail }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const { message, modal } = App.useApp();
  const step = useRollStep();
  const navigate = useNavigate();
  const close = () => setDialog(null);
  const done = (text: string) => { message.success(text); close(); };

  const click = (a: RollDetail['availableActions'][number]) => {
    if (a.key === 'review' || a.key === 'approve' || a.key === 'return' || a.key === 'reconcile') setDialog({ kind: 'step', key: a.key, name: a.name, opinionRequired: a.opinionRequired });
    else if (a.key === 'regenerate') {
      modal.confirm({
        title: '重新生成发放表', content: '按当前的待遇重新生成本草稿的全部明细。', okText: '重新生成', cancelText: '取消',
        onOk: async () => {
          try {
            await step.mutateAsync({ path: rollPaths.regenerate(r.id), body: { version: r.version } });
            message.success('已重新生成');
          } catch (err) {
            message.error(errorText(err));
          }
        },
      });
    } else if (a.key === 'discard') {
      modal.confirm({
        title: '删除发放表草稿', content: `删除 ${r.rollNo}？明细一并删除，可重新生成。`, okText: '删除', okButtonProps: { danger: true }, cancelText: '取消',
        onOk: async () => {
          try {
            await step.mutateAsync({ path: rollPaths.discard(r.id), method: 'DELETE', query: { version: r.version } });
            message.success('已删除');
            navigate('/payments/rolls');
          } catch (err) {
            message.error(errorText(err));
          }
        },
      });
    } else setDialog({ kind: a.key });
  };

  const actions = rollButtons(r);
  return (
    <>
      <Space wrap data-testid="roll-actions">
        {actions.length === 0 && <Typography.Text type="secondary">您当前没有可办理的事项</Typography.Text>}
        {actions.map((a, i) => (
          <Button
            key={a.key}
            type={i === 0 && a.key !== 'return' && a.key !== 'discard' ? 'primary' : 'default'}
            danger={a.key === 'discard'}
            icon={a.key === 'export' ? <DownloadOutlined /> : a.key === 'import_return' ? <UploadOutlined /> : undefined}
            onClick={() => click(a)}
          >
            {a.name}
          </Button>
        ))}
      </Space>
      {dialog?.kind === 'step' && (
        <ModalForm<{ opinion?: string }>
          name={`roll_${dialog.key}`}
          open
          title={dialog.name}
          okText={dialog.name}
          danger={dialog.key === 'return'}
          intro={<p>{r.rollNo}：{r.lineCount} 笔，应发 {money(r.amountFen)}</p>}
          onClose={close}
          onSubmit={async (v) => {
            await step.mutateAsync({ path: rollPaths.action(r.id, dialog.key), body: { version: r.version, opinion: v.opinion?.trim() || null } });
            done(`已办理「${dialog.name}」`);
          }}
        >
          <Form.Item name="opinion" label="意见" rules={dialog.opinionRequired ? [{ required: true, whitespace: true, message: '请填写退回原因' }] : []}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </ModalForm>
      )}
      {dialog?.kind === 'export' && <ExportDialog roll={r} onClose={close} onDone={(name) => done(`已导出 ${name}`)} />}
      {dialog?.kind === 'import_return' && <ReturnDialog roll={r} onClose={close} />}
      {dialog?.kind === 'reissue' && (
        <ModalForm<{ includeUnchangedAccounts?: boolean }>
          name="reissue"
          open
          title="生成重发批次"
          okText="生成重发批次"
          intro={<p>对银行回盘失败的代发生成重发批次（同一项目、月份），成功的代发不受影响。默认只重发收款账户已在人员信息中更正的。</p>}
          onClose={close}
          onSubmit={async (v) => {
            const created = await step.mutateAsync({ path: rollPaths.reissue(r.id), body: { includeUnchangedAccounts: !!v.includeUnchangedAccounts } });
            done(`已生成重发批次 ${created?.rollNo ?? ''}`);
            if (created) navigate(`/payments/rolls/${created.id}`);
          }}
        >
          <Form.Item name="includeUnchangedAccounts" valuePropName="checked">
            <Checkbox>账户未更正的也重发（如银行系统故障导致失败）</Checkbox>
          </Form.Item>
        </ModalForm>
      )}
    </>
  );
}

function ExportDialog({ roll: r, onClose, onDone }: { roll: RollDetail; onClose: () => void; onDone: (name: string) => void }) {
  const profiles = useBankProfiles();
  const invalidate = useInvalidateAll();
  return (
    <ModalForm<{ profileCode: string; format: 'csv' | 'xlsx' }>
      name="export"
      open
      title="导出银行代发文件"
      okText="导出"
      initialValues={{ profileCode: 'standard', format: 'csv' }}
      intro={<p>{r.state === 'approved' ? '首次导出后发放表状态为「已导出」，代发记录随之固定；再次导出内容相同。' : '再次导出与首次导出内容相同的代发文件。'}账号和身份证号只写入文件，导出记入审计。</p>}
      onClose={onClose}
      onSubmit={async (v) => {
        const file = await exportBankFile(r.id, v, `${r.rollNo}.${v.format}`);
        // The roll's state, transfers and exports changed on the server.
        await invalidate();
        onDone(file.name);
      }}
    >
      <Form.Item name="profileCode" label="银行格式" rules={[{ required: true, message: '请选择银行格式' }]}>
        <Select loading={profiles.isLoading} options={(profiles.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.name}${p.bankName ? `（${p.bankName}）` : ''}` }))} />
      </Form.Item>
      <Form.Item name="format" label="文件格式">
        <Radio.Group options={[{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel（.xlsx）' }]} />
      </Form.Item>
    </ModalForm>
  );
}

/** 导入回盘: upload; a file that does not match is rejected whole and its report is shown here. */
function ReturnDialog({ roll: r, onClose }: { roll: RollDetail; onClose: () => void }) {
  const { message } = App.useApp();
  const profiles = useBankProfiles();
  const invalidate = useInvalidateAll();
  const [profileCode, setProfileCode] = useState('standard');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rejected, setRejected] = useState<{ returnId: string; detail: string; report: ReturnProblem[] } | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    setRejected(null);
    try {
      const outcome = await uploadReturn(r.id, file, profileCode);
      if (outcome.status === 'accepted') {
        const x = outcome.result;
        message.success(`回盘已导入：成功 ${x.paidRows} 笔 ${money(x.paidFen)}，失败 ${x.failedRows} 笔 ${money(x.failedFen)}`);
        onClose();
      } else {
        setRejected(outcome);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      // Accepted or rejected, the roll's returns changed (a rejection is kept on record too).
      await invalidate();
    }
  };

  return (
    <Modal open title="导入银行回盘" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={760} maskClosable={false}>
      {!!error && <ProblemAlert error={error} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <span>银行格式</span>
          <Select
            style={{ width: 260 }}
            value={profileCode}
            onChange={setProfileCode}
            options={(profiles.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Space>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void send(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <p className="ant-upload-drag-icon"><UploadOutlined /></p>
          <p className="ant-upload-text">{busy ? '正在核对回盘文件…' : '点击或将回盘文件拖到此处'}</p>
          <p className="ant-upload-hint">.csv 或 .xlsx，不超过 20 MB；与代发文件不符的整份拒收，发放表不作任何修改</p>
        </Upload.Dragger>
        {rejected && (
          <div data-testid="return-report">
            <Alert type="error" showIcon message="回盘文件与代发文件不符，已整份拒收" description={rejected.detail} style={{ marginBottom: 8 }} />
            <Space style={{ marginBottom: 8 }}>
              <Button icon={<DownloadOutlined />} onClick={() => saveBlob(new Blob([returnReportCsv(rejected.report)], { type: 'text/csv' }), `回盘核对报告-${r.rollNo}.csv`)}>下载报告（CSV）</Button>
              {rejected.returnId && (
                <Button icon={<DownloadOutlined />} onClick={() => downloadGet(rollPaths.returnReport(rejected.returnId), undefined, 'return-report.xlsx').catch(setError)}>下载报告（Excel）</Button>
              )}
            </Space>
            <ReportTable report={rejected.report} />
          </div>
        )}
      </Space>
    </Modal>
  );
}

function ReportTable({ report }: { report: ReturnProblem[] }) {
  return (
    <Table<ReturnProblem>
      size="small"
      rowKey={(p, i) => `${p.row}-${p.transferNo}-${i}`}
      dataSource={report}
      pagination={report.length > 20 ? { pageSize: 20 } : false}
      columns={[
        { title: '文件行号', dataIndex: 'row', width: 110, render: (v: number) => (v === 0 ? '（文件中缺少）' : v) },
        { title: '序号', dataIndex: 'transferNo', width: 90 },
        { title: '问题', dataIndex: 'problem' },
      ]}
    />
  );
}

// ---- tabs ----------------------------------------------------------------------------------------

function TotalsTab({ rollId }: { rollId: string }) {
  const totals = useRollTotals(rollId);
  const tree = totalsTree(totals.data?.items ?? []);
  return (
    <>
      {totals.error && <ProblemAlert error={totals.error} />}
      <Table<TotalNode<RegionTotal>>
        size="small"
        rowKey="regionCode"
        data-testid="totals-tree"
        loading={totals.isFetching}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={tree.length}
        columns={[
          { title: '区划', dataIndex: 'regionName', render: (v: string, t) => <span data-region={t.regionCode}>{v}</span> },
          { title: '层级', dataIndex: 'level', width: 110, render: (l: number) => LEVEL_NAMES[l] ?? l },
          { title: '笔数', dataIndex: 'lines', width: 90, align: 'right' },
          { title: '户数', dataIndex: 'households', width: 90, align: 'right' },
          { title: '人数', dataIndex: 'persons', width: 90, align: 'right' },
          { title: '应发金额', dataIndex: 'amountFen', width: 150, align: 'right', render: money },
          { title: '追回', dataIndex: 'recoveryFen', width: 130, align: 'right', render: money },
        ]}
      />
    </>
  );
}

interface LineFilters { regionCode?: string; kind?: string; status?: string; q?: string }

function LinesTab({ rollId }: { rollId: string }) {
  const [params, setParams] = useSearchParams();
  const filters: LineFilters = {
    regionCode: params.get('lineRegion') ?? undefined, kind: params.get('lineKind') ?? undefined,
    status: params.get('lineStatus') ?? undefined, q: params.get('lineQ') ?? undefined,
  };
  const page = Number(params.get('linePage') ?? 1) || 1;
  const pageSize = 50;
  const lines = useRollLines(rollId, { ...filters, page, pageSize });
  const totals = useRollTotals(rollId);
  const [form] = Form.useForm<LineFilters>();
  const set = (next: LineFilters, p = 1) => setParams((prev) => {
    const out = new URLSearchParams(prev);
    const put = (k: string, v: string | undefined) => (v ? out.set(k, v) : out.delete(k));
    put('lineRegion', next.regionCode); put('lineKind', next.kind); put('lineStatus', next.status); put('lineQ', next.q?.trim() || undefined);
    put('linePage', p > 1 ? String(p) : undefined);
    return out;
  }, { replace: true });
  const regionOptions = (totals.data?.items ?? []).filter((t) => t.level >= 4).map((t) => ({ value: t.regionCode, label: `${'　'.repeat(t.level - 4)}${t.regionName}` }));

  return (
    <>
      <FilterBar<LineFilters> form={form} values={filters} onSearch={(v) => set(v)}>
        <Form.Item name="regionCode" label="区划">
          <Select allowClear placeholder="全部" style={{ width: 200 }} options={regionOptions} />
        </Form.Item>
        <Form.Item name="kind" label="类别">
          <Select allowClear placeholder="全部" style={{ width: 130 }} options={LINE_KIND_SELECT} />
        </Form.Item>
        <Form.Item name="status" label="代发结果">
          <Select allowClear placeholder="全部" style={{ width: 130 }} options={TRANSFER_STATUS_SELECT} />
        </Form.Item>
        <Form.Item name="q" label="姓名/身份证号">
          <Input allowClear style={{ width: 200 }} maxLength={30} />
        </Form.Item>
      </FilterBar>
      {lines.error && <ProblemAlert error={lines.error} />}
      <Table<LineView>
        size="small"
        rowKey="id"
        data-testid="roll-lines-table"
        loading={lines.isFetching}
        dataSource={lines.data?.items ?? []}
        scroll={{ x: 1500 }}
        locale={{ emptyText: '没有符合条件的明细' }}
        pagination={{ current: page, pageSize, total: lines.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p) => set(filters, p) }}
        columns={[
          { title: '序号', dataIndex: 'lineNo', width: 70 },
          { title: '类别', dataIndex: 'kindName', width: 100 },
          { title: '所属月份', dataIndex: 'period', width: 100, render: monthText },
          { title: '村（社区）', dataIndex: 'regionName', width: 130 },
          { title: '收款人', dataIndex: 'payeeName', width: 100 },
          { title: '身份证号', dataIndex: 'payeeIdMasked', width: 180 },
          { title: '人数', dataIndex: 'personCount', width: 60, align: 'right' },
          { title: '金额', dataIndex: 'amountFen', width: 120, align: 'right', render: money },
          { title: '原因', dataIndex: 'reason', width: 200, render: (v: string | null) => v ?? '—' },
          {
            title: '来源', key: 'source', width: 170,
            render: (_, l) => {
              const link = sourceLink(l.source);
              if (!l.source) return '—';
              return link ? <Link to={link}>救助案件</Link> : <Tooltip title={l.source.id}>{l.source.module}</Tooltip>;
            },
          },
          { title: '规则版本', dataIndex: 'ruleVersion', width: 130, render: (v: string | null) => v ?? '—' },
          {
            title: '代发', key: 'transfer', width: 170,
            render: (_, l) => (l.transferStatus ? (
              <>
                <StatusTag value={l.transferStatus} options={TRANSFER_STATUS_OPTIONS} />
                {l.failureReason && <Typography.Text type="danger">{l.failureReason}</Typography.Text>}
              </>
            ) : '—'),
          },
        ]}
      />
    </>
  );
}

function TransfersTab({ roll: r }: { roll: RollDetail }) {
  const { can } = useSession();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const transfers = useRollTransfers(r.id, { status, page, pageSize: 50 }, true);
  const [abandoning, setAbandoning] = useState<TransferView | null>(null);
  const step = useRollStep();
  const { message } = App.useApp();
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <span>结果</span>
        <Select allowClear placeholder="全部" style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} options={TRANSFER_STATUS_SELECT} />
      </Space>
      {transfers.error && <ProblemAlert error={transfers.error} />}
      <Table<TransferView>
        size="small"
        rowKey="transferNo"
        data-testid="transfers-table"
        loading={transfers.isFetching}
        dataSource={transfers.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: transfers.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 笔` }}
        columns={[
          { title: '序号', dataIndex: 'transferNo', width: 70 },
          { title: '户名', dataIndex: 'payeeName', width: 110 },
          { title: '身份证号', dataIndex: 'payeeIdMasked', width: 180 },
          { title: '账号', dataIndex: 'accountMasked', width: 180, render: (v: string | null) => v ?? '—' },
          { title: '开户行', dataIndex: 'bankName', width: 150, render: (v: string | null) => v ?? '—' },
          { title: '金额', dataIndex: 'amountFen', width: 120, align: 'right', render: money },
          { title: '结果', dataIndex: 'status', width: 100, render: (s: string) => <StatusTag value={s} options={TRANSFER_STATUS_OPTIONS} /> },
          { title: '失败原因', dataIndex: 'failureReason', render: (v: string | null) => v ?? '—' },
          {
            title: '处理', key: 'handled', width: 200,
            render: (_, t) => {
              if (t.reissuedInRollId) return <Link to={`/payments/rolls/${t.reissuedInRollId}`}>已重发</Link>;
              if (t.abandonedReason) return <Tag>已放弃：{t.abandonedReason}</Tag>;
              if (t.status === 'failed' && can('payments.approve')) return <Button size="small" onClick={() => setAbandoning(t)}>放弃重发</Button>;
              return '—';
            },
          },
        ]}
      />
      <ModalForm<{ reason: string }>
        name="abandon"
        open={!!abandoning}
        title="放弃重发"
        okText="放弃重发"
        danger
        intro={abandoning && <p>序号 {abandoning.transferNo}，{abandoning.payeeName}，{money(abandoning.amountFen)}。放弃后该笔不再重发，金额仍计入已发放核算。</p>}
        onClose={() => setAbandoning(null)}
        onSubmit={async (v) => {
          await step.mutateAsync({ path: rollPaths.abandon(r.id, abandoning!.transferNo), body: { reason: v.reason } });
          message.success('已放弃重发');
          setAbandoning(null);
        }}
      >
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：收款人已死亡且无继承人" />
        </Form.Item>
      </ModalForm>
    </>
  );
}

function FilesTab({ rollId }: { rollId: string }) {
  const exportsQ = useRollExports(rollId);
  const returnsQ = useRollReturns(rollId);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {!!failure && <ProblemAlert error={failure} />}
      <Table
        size="small"
        rowKey="id"
        title={() => '银行代发文件导出记录'}
        data-testid="exports-table"
        loading={exportsQ.isFetching}
        dataSource={exportsQ.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '尚未导出' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
          { title: '导出人', dataIndex: 'byName', width: 140 },
          { title: '银行格式', dataIndex: 'profileCode', width: 120 },
          { title: '文件', dataIndex: 'format', width: 80 },
          { title: '笔数', dataIndex: 'rows', width: 80, align: 'right' },
          { title: '金额', dataIndex: 'amountFen', width: 140, align: 'right', render: money },
          { title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 16)}…</Typography.Text> },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        title={() => '银行回盘导入记录'}
        data-testid="returns-table"
        loading={returnsQ.isFetching}
        dataSource={returnsQ.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '尚未导入回盘' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
          { title: '导入人', dataIndex: 'byName', width: 140 },
          { title: '文件名', dataIndex: 'fileName' },
          { title: '结果', dataIndex: 'status', width: 100, render: (s: string) => (s === 'accepted' ? <Tag color="success">已接收</Tag> : <Tag color="error">已拒收</Tag>) },
          { title: '行数', dataIndex: 'rows', width: 70, align: 'right' },
          { title: '成功', dataIndex: 'paidRows', width: 70, align: 'right' },
          { title: '失败', dataIndex: 'failedRows', width: 70, align: 'right' },
          {
            title: '不符处', key: 'problems', width: 160,
            render: (_, x: { id: string; status: string; problems: number }) => (x.status === 'rejected' ? (
              <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadGet(rollPaths.returnReport(x.id), undefined, 'return-report.xlsx').catch(setFailure)}>
                {x.problems} 处，下载报告
              </Button>
            ) : '—'),
          },
        ]}
      />
    </Space>
  );
}

function EventsTab({ roll: r }: { roll: RollDetail }) {
  return (
    <Timeline
      data-testid="roll-events"
      items={r.events.map((e, i) => ({
        key: i,
        children: (
          <>
            <strong>{e.actionName}</strong>
            {e.toState && e.fromState !== e.toState && <Typography.Text type="secondary">（{e.fromState ? `${ROLL_STATE_NAMES[e.fromState]} → ` : ''}{ROLL_STATE_NAMES[e.toState]}）</Typography.Text>}
            <div>{e.byName ?? '—'}，{formatDateTime(e.at)}</div>
            {e.opinion && <div>意见：{e.opinion}</div>}
          </>
        ),
      }))}
    />
  );
}


/** 暂停发放: who this roll left out because of a hold when it was generated, and whether it is released since. */
function HeldTab({ rollId }: { rollId: string }) {
  const [page, setPage] = useState(1);
  const held = useQuery({
    queryKey: ['payments', 'rolls', rollId, 'held', page],
    queryFn: ({ signal }) => apiFetch<{ items: HeldView[]; total: number }>(`/api/v1/payments/rolls/${encodeURIComponent(rollId)}/held`, { signal, query: { page, pageSize: 50 } }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {held.error && <ProblemAlert error={held.error} />}
      <Table<HeldView>
        size="small"
        rowKey="subjectId"
        loading={held.isFetching && !held.data}
        dataSource={held.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: held.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '收款人', dataIndex: 'payeeName', width: 100 },
          { title: '身份证号', dataIndex: 'payeeIdMasked', width: 180 },
          { title: '区划', dataIndex: 'regionName', width: 140 },
          { title: '本月应发', dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number) => money(v) },
          { title: '暂停起始', dataIndex: 'fromMonth', width: 100 },
          { title: '原因', dataIndex: 'reason' },
          { title: '状态', key: 'released', width: 150, render: (_, h) => (h.releasedAt ? `已恢复（${formatDateTime(h.releasedAt)}）` : <Tag color="orange">暂停中</Tag>) },
        ]}
      />
    </>
  );
}
