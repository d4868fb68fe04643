import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { PageShell, ProblemAlert, StatusTag, apiUrl, formatDateTime, useSession } from '@mz/ui';
import { addCalendarDays, todayInShanghai } from '@mz/kernel';
import { useState } from 'react';
import { SNAPSHOT_STATUS_OPTIONS } from './labels.ts';
import { uploadDelivery, useInvalidateAll, useSnapshot, useSnapshots, useSources, type SnapshotView, type SourceView } from './verification.api.ts';

/** 数据来源与快照: the catalogue with each source's current version, uploads, and every delivery's validation result. */
export function SourcesPage() {
  const { can } = useSession();
  const sources = useSources();
  const snapshots = useSnapshots();
  const [uploading, setUploading] = useState<SourceView | null>(null);
  const [shown, setShown] = useState<string | undefined>();

  return (
    <PageShell title="数据来源" description="各部门交换数据的目录、当前版本和更新周期；上传的文件在后台校验导入，过期数据不参与比对">
      <div className="mz-panel">
        {sources.error && <ProblemAlert error={sources.error} />}
        <Table<SourceView>
          size="small"
          rowKey="code"
          loading={sources.isFetching}
          dataSource={sources.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            { title: '数据来源', dataIndex: 'name', width: 200 },
            { title: '提供部门', dataIndex: 'owner', width: 150 },
            { title: '更新周期', dataIndex: 'refreshDays', width: 90, render: (d: number, s) => (s.kind === 'internal' ? '实时' : `${d} 天`) },
            {
              title: '当前版本', key: 'current',
              render: (_, s) => (s.kind === 'internal' ? '本平台台账，每次比对时读取' : s.current.length === 0 ? <Typography.Text type="secondary">尚未导入</Typography.Text> : (
                <Space wrap>
                  {s.current.map((c) => (
                    <Tag key={c.snapshotId} color={c.stale ? 'warning' : 'success'}>
                      第 {c.version} 版 · 截至 {c.asOf} · {c.accepted} 条{c.stale ? ' · 已过期' : ''}
                    </Tag>
                  ))}
                </Space>
              )),
            },
            {
              title: '操作', key: 'op', width: 200, fixed: 'right',
              render: (_, s) => s.kind === 'file' && (
                <Space>
                  <a href={apiUrl(`/verification/sources/${s.code}/template.csv`)}><DownloadOutlined /> 模板</a>
                  {can('verification.import') && <Button size="small" icon={<UploadOutlined />} onClick={() => setUploading(s)}>上传数据</Button>}
                </Space>
              ),
            },
          ]}
        />
      </div>
      <div className="mz-panel">
        <Typography.Title level={5}>导入记录</Typography.Title>
        {snapshots.error && <ProblemAlert error={snapshots.error} />}
        <Table<SnapshotView>
          size="small"
          rowKey="id"
          loading={snapshots.isFetching && !snapshots.data}
          dataSource={snapshots.data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
          locale={{ emptyText: '尚未导入任何数据' }}
          scroll={{ x: 1100 }}
          columns={[
            { title: '数据来源', dataIndex: 'sourceName', width: 180, render: (v: string, s) => <a onClick={() => setShown(s.id)}>{v}</a> },
            { title: '版本', dataIndex: 'version', width: 70 },
            { title: '数据截止', dataIndex: 'asOf', width: 110 },
            { title: '文件', dataIndex: 'fileName', width: 200, ellipsis: true },
            { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag value={v} options={SNAPSHOT_STATUS_OPTIONS} /> },
            { title: '总行数', dataIndex: 'total', width: 80, align: 'right' },
            { title: '有效', dataIndex: 'accepted', width: 80, align: 'right' },
            { title: '错误行', dataIndex: 'rejected', width: 80, align: 'right', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: '导入时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          ]}
        />
      </div>
      {uploading && <UploadDialog source={uploading} onClose={() => setUploading(null)} onQueued={(id) => { setUploading(null); setShown(id); }} />}
      {shown && <SnapshotDialog id={shown} onClose={() => setShown(undefined)} />}
    </PageShell>
  );
}

function UploadDialog({ source, onClose, onQueued }: { source: SourceView; onClose: () => void; onQueued: (snapshotId: string) => void }) {
  const [asOf, setAsOf] = useState(addCalendarDays(todayInShanghai(), -1));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidateAll();
  const { message } = App.useApp();
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(asOf);
  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const queued = await uploadDelivery(source.code, asOf, file);
      message.success(`已受理，正在后台导入第 ${queued.version} 版`);
      await invalidate();
      onQueued(queued.snapshotId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`上传「${source.name}」`} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={640} maskClosable={false}>
      {!!error && <ProblemAlert error={error} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <span>数据截止日期</span>
          <Input aria-label="数据截止日期" value={asOf} onChange={(e) => setAsOf(e.target.value.trim())} style={{ width: 140 }} placeholder="YYYY-MM-DD" status={validDate ? undefined : 'error'} />
        </Space>
        <Typography.Text type="secondary">
          列：身份证号、{source.columns.map((c) => `${c.required ? '' : '（可选）'}${c.header}`).join('、')}。姓名列可有可无，不会保存。
        </Typography.Text>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy || !validDate}
          beforeUpload={(file) => {
            void send(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <p className="ant-upload-drag-icon"><UploadOutlined /></p>
          <p className="ant-upload-text">{busy ? '正在检查文件…' : '点击或将数据文件拖到此处'}</p>
          <p className="ant-upload-hint">.csv（UTF-8）或 .xlsx，不超过 50 MB；校验通过的行成为新的当前版本</p>
        </Upload.Dragger>
      </Space>
    </Modal>
  );
}

function SnapshotDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const snap = useSnapshot(id);
  const s = snap.data;
  return (
    <Modal open title="导入结果" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={820}>
      {snap.error && <ProblemAlert error={snap.error} />}
      {s && (
        <div data-testid="snapshot-result">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="数据来源">{s.sourceName}</Descriptions.Item>
            <Descriptions.Item label="版本">第 {s.version} 版</Descriptions.Item>
            <Descriptions.Item label="状态"><StatusTag value={s.status} options={SNAPSHOT_STATUS_OPTIONS} /></Descriptions.Item>
            <Descriptions.Item label="数据截止">{s.asOf}</Descriptions.Item>
            <Descriptions.Item label="文件">{s.fileName}</Descriptions.Item>
            <Descriptions.Item label="涉及人数">{s.persons}</Descriptions.Item>
            <Descriptions.Item label="总行数">{s.total}</Descriptions.Item>
            <Descriptions.Item label="有效行">{s.accepted}</Descriptions.Item>
            <Descriptions.Item label="错误行">{s.rejected}</Descriptions.Item>
          </Descriptions>
          {s.status === 'importing' && <Alert style={{ marginTop: 12 }} type="info" showIcon message="正在后台导入，完成后自动刷新" />}
          {s.error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={s.error} />}
          {s.rejections.length > 0 && (
            <Table
              style={{ marginTop: 12 }}
              size="small"
              rowKey="rowNo"
              dataSource={s.rejections}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '行号', dataIndex: 'rowNo', width: 80 },
                { title: '身份证号', dataIndex: 'idMasked', width: 190 },
                { title: '错误原因', dataIndex: 'errors' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
