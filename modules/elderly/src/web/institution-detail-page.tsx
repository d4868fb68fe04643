import { DeleteOutlined, DownloadOutlined, EditOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Popconfirm, Select, Space, Spin, Statistic, Table, Tabs, Upload } from 'antd';
import { ModalForm, PageShell, ProblemAlert, StatusTag, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { DOCUMENT_KIND_NAMES } from '../domain/institution.rules.ts';
import { documentUrl, uploadDocument, useInstitution, useInstitutionWrite, useInvalidateInstitutions, type InstitutionDetail, type InstitutionDocument } from './institution.api.ts';
import { BedsTab } from './institution-beds.tsx';
import { InstitutionFormDialog } from './institution-form.tsx';
import { INSTITUTION_STATUS_OPTIONS, optionsOf } from './institution.labels.ts';
import { ResidentsTab } from './institution-residents.tsx';
import { StaffTab } from './institution-staff.tsx';

const TABS = ['info', 'beds', 'residents', 'staff'] as const;

/** 机构详情: 基本信息 & 备案, 床位, 入住人员, 工作人员 — each handled here by the right role. */
export function InstitutionDetailPage() {
  const { id } = useParams<{ id: string }>();
  const detail = useInstitution(id);
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') as never) ? params.get('tab')! : 'info';
  const i = detail.data;
  const canOperate = can('elderly.institution.manage') || can('elderly.institution.operate');

  return (
    <PageShell
      title={i?.name ?? '机构详情'}
      description={i ? `${i.kindName} · ${i.operatorTypeName} · ${i.regionName}` : undefined}
      breadcrumb={[{ title: <Link to="/elderly/institutions">养老机构</Link> }, { title: i?.name ?? '详情' }]}
      extra={i && <StatusTag value={i.status} options={INSTITUTION_STATUS_OPTIONS} />}
    >
      {detail.error && <ProblemAlert error={detail.error} />}
      {!i && detail.isLoading && <Spin />}
      {i && (
        <>
          <div className="mz-panel">
            <Space size={48} wrap>
              <Statistic title="在用床位" value={i.beds} />
              <Statistic title="护理型床位" value={i.nursingBeds} />
              <Statistic title="在住人数" value={i.residents} />
              <Statistic title="入住率" value={i.occupancyPercent ?? '—'} suffix={i.occupancyPercent === null ? undefined : '%'} />
              <Statistic title="护理员持证率" value={i.certifiedPercent ?? '—'} suffix={i.certifiedPercent === null ? undefined : '%'} />
            </Space>
          </div>
          {i.status !== 'operating' && (
            <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={`机构${i.statusName}${i.statusChangedOn ? `（${i.statusChangedOn}）` : ''}`} description={i.statusReason} />
          )}
          <div className="mz-panel">
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams((p) => { p.set('tab', k); return p; }, { replace: true })}
              items={[
                { key: 'info', label: '基本信息与备案', children: <InfoTab institution={i} /> },
                { key: 'beds', label: `床位（${i.beds}）`, children: <BedsTab institution={i} canOperate={canOperate} /> },
                { key: 'residents', label: `入住人员（${i.residents}）`, children: <ResidentsTab institution={i} canOperate={canOperate} /> },
                { key: 'staff', label: `工作人员（${i.staff}）`, children: <StaffTab institution={i} canOperate={canOperate} /> },
              ]}
            />
          </div>
        </>
      )}
    </PageShell>
  );
}

function InfoTab({ institution: i }: { institution: InstitutionDetail }) {
  const { can } = useSession();
  const manage = can('elderly.institution.manage');
  const [dialog, setDialog] = useState<'edit' | 'filing' | 'status' | 'upload' | 'operator' | null>(null);
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  const close = () => setDialog(null);

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {manage && <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>修改信息</Button>}
        {manage && i.status !== 'closed' && <Button onClick={() => setDialog('filing')}>{i.filingNo ? '变更备案' : '办理备案'}</Button>}
        {manage && i.status !== 'closed' && <Button onClick={() => setDialog('status')}>变更状态</Button>}
      </Space>
      <Descriptions bordered size="small" column={2} items={[
        { label: '机构名称', children: i.name },
        { label: '统一社会信用代码', children: i.creditCode ?? '—' },
        { label: '机构类型', children: i.kindName },
        { label: '运营方式', children: i.operatorTypeName },
        { label: '所在区划', children: i.regionName },
        { label: '地址', children: i.address },
        { label: '经纬度', children: i.longitude !== null && i.latitude !== null ? `${i.longitude}, ${i.latitude}` : '—' },
        { label: '开办日期', children: i.openedOn ?? '—' },
        { label: '法定代表人', children: i.legalPerson ?? '—' },
        { label: '联系人 / 电话', children: `${i.contactName ?? '—'} / ${i.contactPhone ?? '—'}` },
        { label: '备案编号', children: i.filingNo ?? <StatusTag tone="warning">未备案</StatusTag> },
        { label: '备案日期', children: i.filedOn ?? '—' },
        { label: '备案备注', children: i.filingNote ?? '—', span: 2 },
        { label: '等级', children: i.grade ? `${'一二三四五'[i.grade - 1]}级（${i.gradedOn ?? ''}）` : '未评定' },
        { label: '状态', children: <StatusTag value={i.status} options={INSTITUTION_STATUS_OPTIONS} /> },
      ]} />

      <h4 style={{ marginTop: 20 }}>备案材料</h4>
      {(manage || can('elderly.institution.operate')) && i.status !== 'closed' && (
        <Button size="small" icon={<UploadOutlined />} style={{ marginBottom: 8 }} onClick={() => setDialog('upload')}>上传材料</Button>
      )}
      <Table<InstitutionDocument>
        size="small" rowKey="id" pagination={false} dataSource={i.documents} locale={{ emptyText: '尚未上传备案材料' }}
        columns={[
          { title: '类别', dataIndex: 'kindName', width: 170 },
          { title: '名称', dataIndex: 'name' },
          { title: '文件', dataIndex: 'fileName', render: (v: string, d) => <a href={documentUrl(i.id, d.id)} target="_blank" rel="noreferrer"><DownloadOutlined /> {v}</a> },
          { title: '大小', dataIndex: 'sizeBytes', width: 100, render: (v: number) => (v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(v / 1024)} KB`) },
          { title: '上传人', dataIndex: 'uploadedByName', width: 160 },
          { title: '上传时间', dataIndex: 'uploadedAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '操作', key: 'op', width: 80,
            render: (_, d) => (manage || can('elderly.institution.operate')) && (
              <Popconfirm title="撤回这份材料？（保留记录）" onConfirm={async () => { await write(`/${i.id}/documents/${d.id}`, undefined, 'DELETE'); message.success('已撤回'); }}>
                <Button size="small" type="link" danger icon={<DeleteOutlined />}>撤回</Button>
              </Popconfirm>
            ),
          },
        ]}
      />

      {(manage || can('user.manage')) && (
        <>
          <h4 style={{ marginTop: 20 }}>机构经办账号</h4>
          <Button size="small" icon={<UserAddOutlined />} style={{ marginBottom: 8 }} onClick={() => setDialog('operator')}>绑定账号</Button>
          <Table
            size="small" rowKey="userId" pagination={false} dataSource={i.operators} locale={{ emptyText: '未绑定经办账号' }}
            columns={[
              { title: '账号', dataIndex: 'username' },
              { title: '姓名', dataIndex: 'displayName' },
              { title: '绑定时间', dataIndex: 'boundAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
              {
                title: '操作', key: 'op', width: 100,
                render: (_, o) => (
                  <Popconfirm title={`解除 ${o.username} 的绑定？`} onConfirm={async () => { await write(`/${i.id}/operators/${o.userId}`, undefined, 'DELETE'); message.success('已解除'); }}>
                    <Button size="small" type="link" danger>解除</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </>
      )}

      <InstitutionFormDialog open={dialog === 'edit'} institution={i} onClose={close} onSaved={() => { close(); message.success('已保存'); }} />
      <FilingDialog open={dialog === 'filing'} institution={i} onClose={close} />
      <StatusDialog open={dialog === 'status'} institution={i} onClose={close} />
      <UploadDialog open={dialog === 'upload'} institution={i} onClose={close} />
      <ModalForm<{ username: string }> name="operator" open={dialog === 'operator'} title="绑定机构经办账号" onClose={close}
        intro={<Alert type="info" showIcon style={{ marginBottom: 12 }} title="账号须已分配“养老机构经办”角色；绑定后该账号只能看到和办理本机构的业务。" />}
        onSubmit={async (v) => { await write(`/${i.id}/operators`, { username: v.username.trim() }); close(); message.success('已绑定'); }}>
        <Form.Item name="username" label="账号" rules={[{ required: true, message: '请填写账号' }]}><Input autoFocus placeholder="如 demo-carehome" /></Form.Item>
      </ModalForm>
    </>
  );
}

function FilingDialog({ open, institution: i, onClose }: { open: boolean; institution: InstitutionDetail; onClose: () => void }) {
  const write = useInstitutionWrite();
  return (
    <ModalForm<{ filingNo: string; filedOn: Dayjs; note?: string }> name="filing" open={open} title="养老机构备案" onClose={onClose}
      initialValues={{ filingNo: i.filingNo ?? undefined, filedOn: i.filedOn ? dayjs(i.filedOn) : dayjs(), note: i.filingNote ?? undefined }}
      onSubmit={async (v) => { await write(`/${i.id}/filing`, { filingNo: v.filingNo, filedOn: v.filedOn.format('YYYY-MM-DD'), note: v.note?.trim() || null, version: i.version }); onClose(); }}>
      <Form.Item name="filingNo" label="备案编号" rules={[{ required: true, message: '请填写备案编号' }]}><Input maxLength={40} autoFocus /></Form.Item>
      <Form.Item name="filedOn" label="备案日期" rules={[{ required: true, message: '请选择备案日期' }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="note" label="备注"><Input.TextArea maxLength={500} rows={3} /></Form.Item>
    </ModalForm>
  );
}

function StatusDialog({ open, institution: i, onClose }: { open: boolean; institution: InstitutionDetail; onClose: () => void }) {
  const write = useInstitutionWrite();
  const choices = (i.status === 'operating' ? ['suspended', 'closed'] : ['operating', 'closed']).map((value) => ({ value, label: INSTITUTION_STATUS_OPTIONS[value]!.text }));
  return (
    <ModalForm<{ status: string; reason?: string }> name="status" open={open} title="变更机构状态" danger onClose={onClose}
      initialValues={{ status: choices[0]!.value }}
      onSubmit={async (v) => { await write(`/${i.id}/status`, { status: v.status, reason: v.reason?.trim() || undefined, version: i.version }); onClose(); }}>
      {(form) => (
        <>
          <Form.Item name="status" label="新状态" rules={[{ required: true }]}><Select options={choices} /></Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => form.getFieldValue('status') !== 'operating' && (
              <Form.Item name="reason" label="原因" rules={[{ required: true, message: '暂停或关闭须填写原因' }]}><Input.TextArea maxLength={500} rows={3} /></Form.Item>
            )}
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}

function UploadDialog({ open, institution: i, onClose }: { open: boolean; institution: InstitutionDetail; onClose: () => void }) {
  const invalidate = useInvalidateInstitutions();
  const [file, setFile] = useState<File | null>(null);
  return (
    <ModalForm<{ kind: string; name: string }> name="document" open={open} title="上传备案材料" onClose={() => { setFile(null); onClose(); }}
      initialValues={{ kind: 'filing_form' }}
      onSubmit={async (v) => {
        if (!file) throw Object.assign(new Error('请选择文件'), { title: '请选择文件', status: 400, errors: [] });
        await uploadDocument(i.id, v.kind, v.name.trim(), file);
        await invalidate();
        setFile(null);
        onClose();
      }}>
      <Form.Item name="kind" label="材料类别" rules={[{ required: true }]}><Select options={optionsOf(DOCUMENT_KIND_NAMES)} /></Form.Item>
      <Form.Item name="name" label="材料名称" rules={[{ required: true, message: '请填写材料名称' }]}><Input maxLength={100} /></Form.Item>
      <Form.Item label="文件（PDF、JPG、PNG、Word、Excel，不超过 20 MB）" required>
        <Upload.Dragger maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)} fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}>
          <p>点击或拖拽文件到这里</p>
        </Upload.Dragger>
      </Form.Item>
    </ModalForm>
  );
}
