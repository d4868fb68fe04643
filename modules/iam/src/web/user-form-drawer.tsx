import { Button, Drawer, Form, Input, Select, Space } from 'antd';
import {
  applyFieldErrors,
  PASSWORD_POLICY_HINT,
  passwordRule,
  ProblemAlert,
  RegionCascader,
  useMe,
  type FieldError,
} from '@mz/ui';
import { useEffect, useState } from 'react';
import { useRoles } from './roles.api.ts';
import { useCreateUser, useUpdateUser, type UserRow } from './users.api.ts';

interface Values {
  username: string;
  displayName: string;
  regionCode: string;
  roles: string[];
  password?: string;
}

interface UserFormDrawerProps {
  open: boolean;
  /** `null` creates a user; a row edits it. */
  user: UserRow | null;
  /** Preselected region for a new user (the 当前查看区划). */
  defaultRegionCode: string;
  onClose: () => void;
  onSaved: (user: UserRow, created: boolean) => void;
}

/** 新增用户 / 编辑用户: POST /users or PATCH /users/{id}. */
export function UserFormDrawer({ open, user, defaultRegionCode, onClose, onSaved }: UserFormDrawerProps) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const roles = useRoles(open);
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);

  useEffect(() => {
    if (!open) return;
    create.reset();
    update.reset();
    setUnmatched([]);
    form.resetFields();
    form.setFieldsValue(
      user
        ? { username: user.username, displayName: user.displayName, regionCode: user.regionCode, roles: user.roles }
        : { username: '', displayName: '', regionCode: defaultRegionCode, roles: [], password: '' },
    );
  }, [open, user]);

  const onFinish = async (v: Values) => {
    setUnmatched([]);
    try {
      const saved = user
        ? await update.mutateAsync({ id: user.id, displayName: v.displayName.trim(), regionCode: v.regionCode, roles: v.roles })
        : await create.mutateAsync({
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            regionCode: v.regionCode,
            roles: v.roles,
            password: v.password ?? '',
          });
      onSaved(saved as UserRow, !user);
    } catch (err) {
      setUnmatched(applyFieldErrors(form, err).unmatched);
    }
  };

  return (
    <Drawer
      title={user ? `编辑用户：${user.displayName}` : '新增用户'}
      open={open}
      onClose={onClose}
      size={520}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {mutation.error && <ProblemAlert error={mutation.error} fieldErrors={unmatched} />}
      <Form<Values> name="user" form={form} layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item
          name="username"
          label="账号"
          extra={user ? '账号创建后不可修改' : '用于登录，创建后不可修改'}
          rules={[{ required: true, whitespace: true, message: '请输入账号' }]}
        >
          <Input disabled={!!user} maxLength={64} autoFocus={!user} />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={32} autoFocus={!!user} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="所属区划"
          extra="用户只能查看和办理所属区划及其下级的业务"
          rules={[{ required: true, message: '请选择所属区划' }]}
        >
          <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}>
          <Select
            mode="multiple"
            loading={roles.isPending}
            placeholder="请选择角色"
            optionFilterProp="label"
            options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name, title: r.description }))}
          />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label="初始密码"
            extra={`${PASSWORD_POLICY_HINT}；请通过安全渠道告知本人`}
            rules={[{ required: true, message: '请输入初始密码' }, passwordRule]}
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
