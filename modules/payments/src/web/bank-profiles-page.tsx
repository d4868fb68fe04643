import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { ModalForm, PageShell, ProblemAlert, formatDateTime, isApiError, useSession } from '@mz/ui';
import { useState } from 'react';
import { BANK_FIELD_NAMES, BANK_FIELDS, STANDARD_PROFILE } from '../domain/index.ts';
import { bankProfileFieldPath, bankProfilePayload, type BankProfileFormValues } from './labels.ts';
import { useBankProfiles, useCreateBankProfile, type BankProfileView } from './payments.api.ts';

/** 银行格式: how each bank wants its 代发 file and writes its return file; a new bank is configuration. */
export function BankProfilesPage() {
  const { can } = useSession();
  const profiles = useBankProfiles();
  const [creating, setCreating] = useState(false);
  return (
    <PageShell
      title="银行格式"
      description="代发文件的列及顺序、回盘文件的列和成功标志；同代码再次设定即为新版本"
      extra={can('payments.approve') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>设定银行格式</Button>}
    >
      <div className="mz-panel">
        {profiles.error && <ProblemAlert error={profiles.error} />}
        <Table<BankProfileView>
          size="small"
          rowKey={(p) => `${p.regionCode ?? ''}:${p.code}`}
          loading={profiles.isFetching}
          dataSource={profiles.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1200 }}
          columns={[
            { title: '代码', dataIndex: 'code', width: 120 },
            { title: '名称', dataIndex: 'name', width: 160, render: (v: string, p) => <>{v} {p.builtIn && <Tag>内置</Tag>}</> },
            { title: '银行', dataIndex: 'bankName', width: 160, render: (v: string) => v || '—' },
            { title: '代发文件列', key: 'columns', render: (_, p) => p.columns.map((c) => c.header).join(' | ') },
            { title: '金额单位', dataIndex: 'amountUnit', width: 90, render: (u: string) => (u === 'fen' ? '分' : '元') },
            { title: '成功标志', dataIndex: 'successValues', width: 140, render: (v: string[]) => v.join('、') },
            { title: '设定区划', dataIndex: 'regionCode', width: 130, render: (v: string | null) => v ?? '全省通用' },
            { title: '设定时间', dataIndex: 'createdAt', width: 160, render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </div>
      <ProfileDialog open={creating} onClose={() => setCreating(false)} />
    </PageShell>
  );
}

function ProfileDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateBankProfile();
  const { message } = App.useApp();
  const r = STANDARD_PROFILE.returnColumns;
  return (
    <ModalForm<BankProfileFormValues>
      name="bank_profile"
      open={open}
      title="设定银行格式"
      okText="保存"
      width={760}
      initialValues={{
        encoding: 'utf8-bom', amountUnit: 'yuan', columns: STANDARD_PROFILE.columns.map((c) => ({ ...c })),
        returnTransferNo: r.transferNo, returnAccount: r.account, returnAmount: r.amount, returnStatus: r.status, returnReason: r.reason,
        successValues: STANDARD_PROFILE.successValues.join(','),
      }}
      onClose={onClose}
      onSubmit={async (v) => {
        try {
          await create.mutateAsync(bankProfilePayload(v));
        } catch (err) {
          // The server names the nested return columns; this form has one field for each.
          if (isApiError(err)) for (const e of err.errors) e.path = bankProfileFieldPath(e.path);
          throw err;
        }
        message.success('已保存');
        onClose();
      }}
    >
      <Space wrap>
        <Form.Item name="code" label="代码" rules={[{ required: true, message: '请填写代码' }]}><Input placeholder="如 jlbank" style={{ width: 160 }} /></Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input placeholder="吉林银行代发格式" style={{ width: 220 }} /></Form.Item>
        <Form.Item name="bankName" label="银行"><Input style={{ width: 220 }} /></Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="encoding" label="代发文件编码">
          <Radio.Group options={[{ value: 'utf8-bom', label: 'UTF-8（带 BOM，Excel 可直接打开）' }, { value: 'utf8', label: 'UTF-8' }]} />
        </Form.Item>
        <Form.Item name="amountUnit" label="金额单位">
          <Radio.Group options={[{ value: 'yuan', label: '元（两位小数）' }, { value: 'fen', label: '分（整数）' }]} />
        </Form.Item>
      </Space>
      <Form.Item label="代发文件的列（按顺序）" required>
        <Form.List name="columns">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'header']} rules={[{ required: true, message: '请填写列名' }]}><Input placeholder="列名" style={{ width: 160 }} /></Form.Item>
                  <Form.Item name={[field.name, 'field']} rules={[{ required: true, message: '请选择内容' }]}>
                    <Select style={{ width: 330 }} options={BANK_FIELDS.map((f) => ({ value: f, label: BANK_FIELD_NAMES[f] }))} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="删除此列" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ header: '', field: 'memo' })}>添加列</Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Space wrap>
        <Form.Item name="returnTransferNo" label="回盘：序号列" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 130 }} /></Form.Item>
        <Form.Item name="returnAccount" label="账号列" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 130 }} /></Form.Item>
        <Form.Item name="returnAmount" label="金额列" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 130 }} /></Form.Item>
        <Form.Item name="returnStatus" label="结果列" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 130 }} /></Form.Item>
        <Form.Item name="returnReason" label="失败原因列" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 130 }} /></Form.Item>
      </Space>
      <Form.Item name="successValues" label="表示成功的结果值（多个用逗号分隔）" rules={[{ required: true, message: '请填写成功标志' }]}>
        <Input placeholder="成功,0000" />
      </Form.Item>
    </ModalForm>
  );
}
