import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Progress, Space, Table, Typography, Upload } from 'antd';
import { errorText, formatDateTime, PageShell, ProblemAlert, StatusTag } from '@mz/ui';
import { useEffect, useState } from 'react';
import { importFileProblem, importResultOf, importSummary, jobPercent } from './import-summary.ts';
import { IMPORT_STATUS_TAGS, JOB_STATUS_TEXT } from './labels.ts';
import { isJobFinished, useImports, useJob, useUndoImport, useUploadImport, type ImportResult, type ImportRow } from './registry.api.ts';
import { downloadFile } from './transfer.ts';

/** 错误报告 of a batch: the rejected rows with an 错误原因 column. */
const errorReport = (batchId: string) => downloadFile(`/registry/imports/${encodeURIComponent(batchId)}/errors.xlsx`, undefined, '导入错误报告.xlsx');

/** 批量导入: template, upload, progress of the job, and the history of batches with 撤销. */
export function ImportsPage() {
  const { message } = App.useApp();
  const upload = useUploadImport();
  const imports = useImports();
  const undo = useUndoImport();
  const [current, setCurrent] = useState<{ jobId: string; batchId: string; fileName: string } | null>(null);
  const job = useJob<ImportResult>(current?.jobId);
  const finished = isJobFinished(job.data?.status);
  const result = importResultOf(job.data);

  // The history table shows the new batch as soon as the job has finished.
  useEffect(() => {
    if (finished) void imports.refetch();
  }, [finished]);

  const download = (path: string, name: string) => downloadFile(path, undefined, name).catch((err) => message.error(errorText(err)));
  const busy = upload.isPending || (!!current && !finished && !job.error);

  return (
    <PageShell title="批量导入" description="按模板整理人员和家庭，一次导入；重复的身份证号跳过，有误的行可下载错误报告修改后重新导入">
      <div className="mz-panel">
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text strong>第一步：下载模板</Typography.Text>
          <Button icon={<FileExcelOutlined />} onClick={() => download('/registry/imports/template.xlsx', '人员导入模板.xlsx')}>
            Excel 模板（.xlsx）
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => download('/registry/imports/template.csv', '人员导入模板.csv')}>
            CSV 模板（.csv）
          </Button>
        </Space>
        <Typography.Paragraph strong style={{ marginBottom: 8 }}>
          第二步：上传填好的文件
        </Typography.Paragraph>
        <Upload.Dragger
          name="file"
          accept=".xlsx,.csv"
          multiple={false}
          maxCount={1}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            const problem = importFileProblem(file);
            if (problem) {
              message.error(problem);
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            const f = file as File;
            setCurrent(null);
            upload.mutate(f, {
              onSuccess: (r) => {
                setCurrent({ jobId: r.jobId, batchId: r.batchId, fileName: f.name });
                onSuccess?.(r);
              },
              onError: (err) => onError?.(err as Error),
            });
          }}
          style={{ padding: '8px 0' }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或将文件拖到此处上传</p>
          <p className="ant-upload-hint">支持 .xlsx 和 .csv，单个文件不超过 20 MB</p>
        </Upload.Dragger>

        {upload.error && <ProblemAlert error={upload.error} style={{ marginTop: 12, marginBottom: 0 }} onClose={() => upload.reset()} />}

        {current && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text>
              {current.fileName}：{job.data ? JOB_STATUS_TEXT[job.data.status] : '已提交'}
              {job.data && job.data.progress.total > 0 && !finished && `（已处理 ${job.data.progress.done} / ${job.data.progress.total} 行）`}
            </Typography.Text>
            <Progress
              percent={jobPercent(job.data)}
              status={job.data?.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
              format={() => (job.data ? `${job.data.progress.done} / ${job.data.progress.total}` : '')}
            />
            {job.error && <ProblemAlert error={job.error} />}
            {job.data?.status === 'failed' && <Alert type="error" showIcon title="导入失败" description={job.data.error ?? '请检查文件后重试'} />}
            {job.data?.status === 'succeeded' && result && (
              <Alert
                type={result.rejected ? 'warning' : 'success'}
                showIcon
                title={`导入完成：${importSummary(result)}`}
                description={result.rejected ? '被拒绝的行未导入，请下载错误报告，按“错误原因”修改后重新导入这些行。' : undefined}
                action={
                  result.rejected > 0 && (
                    <Button size="small" icon={<DownloadOutlined />} onClick={() => errorReport(result.batchId || current.batchId).catch((e) => message.error(errorText(e)))}>
                      下载错误报告
                    </Button>
                  )
                }
              />
            )}
          </div>
        )}
      </div>

      <div className="mz-panel">
        <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
          导入记录
        </Typography.Title>
        {imports.error && <ProblemAlert error={imports.error} />}
        {undo.error && <ProblemAlert error={undo.error} onClose={() => undo.reset()} />}
        <Table<ImportRow>
          size="small"
          rowKey="id"
          loading={imports.isFetching && !imports.data}
          dataSource={imports.data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 批`, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{ emptyText: '还没有导入记录' }}
          columns={[
            { title: '导入时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: '文件名', dataIndex: 'fileName', ellipsis: true },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <StatusTag value={v} options={IMPORT_STATUS_TAGS} /> },
            { title: '共计', dataIndex: 'total', width: 70, align: 'right' },
            { title: '导入', dataIndex: 'imported', width: 70, align: 'right' },
            { title: '重复跳过', dataIndex: 'duplicatesSkipped', width: 80, align: 'right' },
            {
              title: '拒绝',
              dataIndex: 'rejected',
              width: 70,
              align: 'right',
              render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v),
            },
            { title: '导入人', dataIndex: 'createdBy', width: 100, ellipsis: true },
            {
              title: '操作',
              key: 'actions',
              width: 160,
              fixed: 'right',
              render: (_, r) => (
                <Space size={0} separator={<span style={{ color: '#ddd' }}>|</span>}>
                  {r.rejected > 0 && (
                    <Button type="link" size="small" onClick={() => errorReport(r.id).catch((e) => message.error(errorText(e)))}>
                      错误报告
                    </Button>
                  )}
                  {r.status === 'done' && (
                    <Popconfirm
                      title={`撤销导入“${r.fileName}”？`}
                      description={<>将删除本批导入的人员和家庭；已被其他业务引用的不会删除。</>}
                      okText="撤销"
                      okButtonProps={{ danger: true, loading: undo.isPending }}
                      onConfirm={() => undo.mutateAsync(r.id).then(() => void message.success('已撤销该批导入'), () => undefined)}
                    >
                      <Button type="link" size="small" danger>
                        撤销
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>
    </PageShell>
  );
}
