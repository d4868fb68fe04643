import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError, PRODUCT_NAME, safeRedirect, useSession } from '@mz/ui';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

interface Values {
  username: string;
  password: string;
}

/** What to tell the clerk, in Chinese, for a failed sign-in. */
function loginErrorText(err: unknown): { title: string; detail?: string } {
  if (err instanceof ApiError) {
    if (err.code === 'AUTH_LOCKED') return { title: err.title || '账号已锁定', detail: err.detail };
    if (err.code === 'AUTH_INVALID') return { title: err.detail ?? err.title ?? '账号或密码错误' };
    return { title: err.title, detail: err.detail };
  }
  return { title: '登录失败，请稍后重试' };
}

export function LoginPage() {
  const { me, login } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const target = safeRedirect(params.get('redirect'));

  useEffect(() => {
    document.title = `登录 - ${PRODUCT_NAME}`;
  }, []);

  if (me && !submitting) return <Navigate to={target} replace />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err);
      form.setFieldValue('password', '');
      form.getFieldInstance('password')?.focus?.();
    } finally {
      setSubmitting(false);
    }
  };

  const shown = error ? loginErrorText(error) : null;

  return (
    <div className="mz-login-bg">
      <div style={{ width: 400 }}>
        <Typography.Title level={2} style={{ color: '#fff', textAlign: 'center', marginBottom: 4, letterSpacing: 2 }}>
          {PRODUCT_NAME}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.8)', textAlign: 'center', marginBottom: 24 }}>
          统一规划 · 统一标准 · 省级开发 · 五级应用
        </Typography.Paragraph>
        <Card title="账号登录" styles={{ body: { paddingTop: 20 } }}>
          {shown && (
            <Alert type="error" showIcon role="alert" title={shown.title} description={shown.detail} style={{ marginBottom: 16 }} />
          )}
          <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on" size="large">
            <Form.Item name="username" label="账号" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
              <Input prefix={<UserOutlined />} placeholder="请输入账号" autoComplete="username" autoFocus maxLength={64} />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" maxLength={128} />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block loading={submitting}>
                登录
              </Button>
            </Form.Item>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            连续多次输入错误密码，账号将被临时锁定。忘记密码请联系本级系统管理员重置。
          </Typography.Text>
        </Card>
      </div>
    </div>
  );
}
