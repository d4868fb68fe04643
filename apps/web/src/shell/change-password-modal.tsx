import { App, Form, Input, Modal } from 'antd';
import { applyFieldErrors, PASSWORD_POLICY_HINT, passwordRule, postChangePassword, ProblemAlert, type FieldError } from '@mz/ui';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** POST /auth/password for the signed-in user. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: (v: Values) => postChangePassword(v.oldPassword, v.newPassword),
    onSuccess: () => {
      message.success('密码已修改');
      close();
    },
    onError: (err) => setUnmatched(applyFieldErrors(form, err).unmatched),
  });
  const close = () => {
    form.resetFields();
    mutation.reset();
    setUnmatched([]);
    onClose();
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="确认修改"
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      {mutation.error && <ProblemAlert error={mutation.error} fieldErrors={unmatched} />}
      <Form<Values> name="changePassword" form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} autoComplete="off">
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra={PASSWORD_POLICY_HINT}
          rules={[{ required: true, message: '请输入新密码' }, passwordRule]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
