import { Button, Result, Spin } from 'antd';
import { loginUrl, useSession } from '@mz/ui';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Forbidden } from './result-pages.tsx';

export function FullPageSpin() {
  return (
    <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description="正在加载…" />
    </div>
  );
}

/** Signed-in users only; others go to /login and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, error, refetch } = useSession();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!me && error) {
    return (
      <Result
        status="500"
        title="无法连接服务器"
        subTitle={error.detail ?? error.title}
        extra={
          <Button type="primary" onClick={refetch}>
            重试
          </Button>
        }
      />
    );
  }
  if (!me) return <Navigate to={loginUrl(location.pathname + location.search)} replace />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Forbidden />;
}
