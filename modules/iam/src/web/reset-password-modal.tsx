import { App, Form, Input, Modal } from 'antd';
import { applyFieldErrors, PASSWORD_POLICY_HINT, passwordRule, ProblemAlert, type FieldError } from '@mz/ui';
import { useEffect, useState } from 'react';
import { useResetPassword, type UserRow } from './users.api.ts';

interface Values {
  password: string;
  confirm: string;
}

/** 重置密码: POST /users/{id}/reset-password. */
export function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const reset = useResetPassword();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);

  useEffect(() => {
    if (user) {
      reset.reset();
      setUnmatched([]);
    }
  }, [user]);

  const onFinish = (v: Values) =>
    reset.mutate(
      { id: user!.id, password: v.password },
      {
        onSuccess: () => {
          message.success(`已重置 ${user!.displayName} 的密码`);
          onClose();
        },
        onError: (err) => setUnmatched(applyFieldErrors(form, err).unmatched),
      },
    );

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : '重置密码'}
      open={!!user}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确认重置"
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      {reset.error && <ProblemAlert error={reset.error} fieldErrors={unmatched} />}
      <Form<Values> name="resetPassword" form={form} layout="vertical" onFinish={onFinish} autoComplete="off" preserve={false}>
        <Form.Item
          name="password"
          label="新密码"
          extra={PASSWORD_POLICY_HINT}
          rules={[{ required: true, message: '请输入新密码' }, passwordRule]}
        >
          <Input.Password autoComplete="new-password" autoFocus maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
