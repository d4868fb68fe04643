import { Alert, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { applyFieldErrors, ProblemAlert, RegionCascader, useMe, usePermissions, type FieldError } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useCreateToken } from './tokens.api.ts';

interface Values {
  name: string;
  regionCode: string;
  permissions: string[];
  expiresAt?: Dayjs | null;
}

interface TokenCreateModalProps {
  open: boolean;
  defaultRegionCode: string;
  onClose: () => void;
}

/** 新建令牌 (POST /api-tokens), then show the token once. */
export function TokenCreateModal({ open, defaultRegionCode, onClose }: TokenCreateModalProps) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const permissions = usePermissions();
  const create = useCreateToken();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [issued, setIssued] = useState<{ token: string; name: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    create.reset();
    setUnmatched([]);
    setIssued(null);
  }, [open]);

  const close = () => {
    setIssued(null);
    onClose();
  };

  // A token can only carry permissions its creator holds.
  const grantable = (permissions.data ?? []).filter((p) => me.permissions.includes(p.code));

  const onFinish = (v: Values) =>
    create.mutate(
      {
        name: v.name.trim(),
        regionCode: v.regionCode,
        permissions: v.permissions,
        expiresAt: v.expiresAt ? v.expiresAt.format('YYYY-MM-DD') : undefined,
      },
      {
        onSuccess: (res) => setIssued({ token: res.token, name: res.item?.name ?? v.name }),
        onError: (err) => setUnmatched(applyFieldErrors(form, err).unmatched),
      },
    );

  if (issued) {
    return (
      <Modal
        title={`令牌已创建：${issued.name}`}
        open={open}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <Button type="primary" onClick={close}>
            我已妥善保存
          </Button>
        }
      >
        <Alert
          type="warning"
          showIcon
          title="令牌只显示这一次"
          description="关闭此窗口后将无法再次查看。请立即复制并保存到对接系统的安全配置中；如遗失，只能撤销后重新创建。"
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph
          copyable={{ text: issued.token, tooltips: ['复制令牌', '已复制'] }}
          code
          style={{ wordBreak: 'break-all', fontSize: 13 }}
          data-testid="issued-token"
        >
          {issued.token}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      title="新建接口令牌"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={create.isPending}
      destroyOnHidden
      width={560}
    >
      {create.error && <ProblemAlert error={create.error} fieldErrors={unmatched} />}
      <Form<Values>
        name="token"
        form={form}
        layout="vertical"
        onFinish={onFinish}
        autoComplete="off"
        preserve={false}
        initialValues={{ regionCode: defaultRegionCode, permissions: [] }}
      >
        <Form.Item
          name="name"
          label="名称"
          extra="写明对接的系统和用途，如：市医保局核对接口"
          rules={[{ required: true, whitespace: true, message: '请输入令牌名称' }]}
        >
          <Input maxLength={64} autoFocus />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="数据范围（区划）"
          extra="令牌只能访问该区划及其下级的数据"
          rules={[{ required: true, message: '请选择区划' }]}
        >
          <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="permissions" label="权限" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项权限' }]}>
          <Select
            mode="multiple"
            loading={permissions.isPending}
            placeholder="请选择令牌可使用的权限"
            optionFilterProp="label"
            options={grantable.map((p) => ({ value: p.code, label: p.name, title: p.code }))}
          />
        </Form.Item>
        <Form.Item name="expiresAt" label="有效期至" extra="不填则长期有效，建议设置有效期">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
            placeholder="长期有效"
          />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
