import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Form, Input, Select, Space, Statistic, Table } from 'antd';
import { ModalForm, ProblemAlert, StatusTag } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { CERTIFICATE_LEVEL_NAMES, STAFF_ROLE_NAMES } from '../domain/institution.rules.ts';
import { useInstitutionWrite, useStaff, type InstitutionDetail, type StaffView } from './institution.api.ts';
import { optionsOf } from './institution.labels.ts';

/** 工作人员: staff on the roll, caregivers' certificates and the certified ratio; hire, update, leave. */
export function StaffTab({ institution: i, canOperate }: { institution: InstitutionDetail; canOperate: boolean }) {
  const [includeLeft, setIncludeLeft] = useState(false);
  const staff = useStaff(i.id, includeLeft);
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'edit' | 'leave'; staff: StaffView } | null>(null);
  const close = () => setDialog(null);
  const f = staff.data?.figures;

  return (
    <>
      <Space size={40} style={{ marginBottom: 12 }} wrap>
        <Statistic title="在职人员" value={f?.staff ?? '—'} />
        <Statistic title="养老护理员" value={f?.caregivers ?? '—'} />
        <Statistic title="持证护理员" value={f?.certifiedCaregivers ?? '—'} />
        <Statistic title="持证率" value={f?.certifiedPercent ?? '—'} suffix={f?.certifiedPercent == null ? undefined : '%'} />
      </Space>
      <Space style={{ marginBottom: 12, display: 'flex' }}>
        {canOperate && i.status !== 'closed' && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })}>登记人员</Button>}
        <Checkbox checked={includeLeft} onChange={(e) => setIncludeLeft(e.target.checked)}>含已离职</Checkbox>
      </Space>
      {staff.error && <ProblemAlert error={staff.error} />}
      <Table<StaffView>
        size="small" rowKey="id" loading={staff.isFetching} dataSource={staff.data?.items ?? []} pagination={false} locale={{ emptyText: '尚未登记工作人员' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '岗位', dataIndex: 'roleName', width: 120 },
          {
            title: '职业技能等级', dataIndex: 'certificateLevelName', width: 150,
            render: (v: string | null, s) => (v ? <StatusTag tone="success">{v}</StatusTag> : s.role === 'caregiver' ? <StatusTag tone="warning">未持证</StatusTag> : '—'),
          },
          { title: '证书编号', dataIndex: 'certificateNo', width: 150, render: (v: string | null) => v ?? '—' },
          { title: '电话', dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
          { title: '入职日期', dataIndex: 'hiredOn', width: 110 },
          { title: '离职', key: 'left', width: 160, render: (_, s) => (s.leftOn ? `${s.leftOn}${s.leftReason ? `（${s.leftReason}）` : ''}` : '在职') },
          {
            title: '操作', key: 'op', width: 140,
            render: (_, s) => canOperate && !s.leftOn && (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setDialog({ kind: 'edit', staff: s })}>修改</Button>
                <Button size="small" type="link" danger onClick={() => setDialog({ kind: 'leave', staff: s })}>离职</Button>
              </Space>
            ),
          },
        ]}
      />
      <StaffDialog open={dialog?.kind === 'add' || dialog?.kind === 'edit'} institution={i} staff={dialog && dialog.kind === 'edit' ? dialog.staff : undefined} onClose={close} />
      {dialog && dialog.kind === 'leave' && <LeaveDialog institution={i} staff={dialog.staff} onClose={close} />}
    </>
  );
}

interface StaffValues { name: string; role: string; certificateLevel?: string | null; certificateNo?: string; phone?: string; hiredOn: Dayjs }

function StaffDialog({ open, institution: i, staff, onClose }: { open: boolean; institution: InstitutionDetail; staff?: StaffView; onClose: () => void }) {
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  const initial: Partial<StaffValues> = staff
    ? { name: staff.name, role: staff.role, certificateLevel: staff.certificateLevel, certificateNo: staff.certificateNo ?? undefined, phone: staff.phone ?? undefined, hiredOn: dayjs(staff.hiredOn) }
    : { role: 'caregiver', hiredOn: dayjs() };
  return (
    <ModalForm<StaffValues> name="staff" open={open} title={staff ? `修改工作人员：${staff.name}` : '登记工作人员'} initialValues={initial} onClose={onClose}
      onSubmit={async (v) => {
        const cert = { certificateLevel: v.certificateLevel || null, certificateNo: v.certificateNo?.trim() || null, phone: v.phone?.trim() || null };
        if (staff) await write(`/${i.id}/staff/${staff.id}`, { role: v.role, ...cert }, 'PATCH');
        else await write(`/${i.id}/staff`, { name: v.name, role: v.role, ...cert, hiredOn: v.hiredOn.format('YYYY-MM-DD') });
        message.success('已保存');
        onClose();
      }}>
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input maxLength={50} disabled={Boolean(staff)} autoFocus /></Form.Item>
      <Form.Item name="role" label="岗位" rules={[{ required: true, message: '请选择岗位' }]}><Select options={optionsOf(STAFF_ROLE_NAMES)} /></Form.Item>
      <Space size={16} style={{ display: 'flex' }} align="start">
        <Form.Item name="certificateLevel" label="养老护理员职业技能等级" style={{ width: 220 }}>
          <Select allowClear placeholder="无证书" options={optionsOf(CERTIFICATE_LEVEL_NAMES)} />
        </Form.Item>
        <Form.Item name="certificateNo" label="证书编号" style={{ width: 220 }}><Input maxLength={40} /></Form.Item>
      </Space>
      <Space size={16} style={{ display: 'flex' }} align="start">
        <Form.Item name="phone" label="电话" style={{ width: 220 }}><Input maxLength={20} /></Form.Item>
        <Form.Item name="hiredOn" label="入职日期" rules={[{ required: true, message: '请选择入职日期' }]}><DatePicker disabled={Boolean(staff)} /></Form.Item>
      </Space>
    </ModalForm>
  );
}

function LeaveDialog({ institution: i, staff, onClose }: { institution: InstitutionDetail; staff: StaffView; onClose: () => void }) {
  const write = useInstitutionWrite();
  return (
    <ModalForm<{ leftOn: Dayjs; reason?: string }> name="leave" open danger title={`工作人员离职：${staff.name}`} initialValues={{ leftOn: dayjs() }} onClose={onClose}
      onSubmit={async (v) => { await write(`/${i.id}/staff/${staff.id}/leave`, { leftOn: v.leftOn.format('YYYY-MM-DD'), reason: v.reason?.trim() || null }); onClose(); }}>
      <Form.Item name="leftOn" label="离职日期" rules={[{ required: true, message: '请选择离职日期' }]}><DatePicker autoFocus /></Form.Item>
      <Form.Item name="reason" label="离职原因"><Input maxLength={200} /></Form.Item>
    </ModalForm>
  );
}
