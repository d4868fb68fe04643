import { EnvironmentOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Layout, Tooltip, Typography } from 'antd';
import { jurisdictionPath, PRODUCT_NAME, RegionCascader, useMe, useSession, useViewRegion } from '@mz/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ChangePasswordModal } from './change-password-modal.tsx';

const light = { color: 'rgba(255,255,255,0.92)' };

export function AppHeader() {
  const me = useMe();
  const { logout } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pwdOpen, setPwdOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const jurisdiction = jurisdictionPath(me)
    .map((r) => r.name)
    .join(' / ');

  const onLogout = async () => {
    setLeaving(true);
    try {
      await logout(); // reloads at /login
    } catch {
      message.warning('服务器未响应，已在本机退出');
    }
  };

  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, lineHeight: 'normal' }}>
      <Typography.Title
        level={1}
        style={{ ...light, fontSize: 18, margin: 0, whiteSpace: 'nowrap', letterSpacing: 1, cursor: 'pointer' }}
        onClick={() => navigate(view.link('/'))}
      >
        {PRODUCT_NAME}
      </Typography.Title>

      <div style={{ ...light, display: 'flex', alignItems: 'center', gap: 6, minWidth: 0, marginLeft: 8 }}>
        <EnvironmentOutlined />
        <span style={{ opacity: 0.75, whiteSpace: 'nowrap' }}>管辖区划：</span>
        <span data-testid="jurisdiction" title={jurisdiction} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {jurisdiction}
        </span>
      </div>

      <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginLeft: 'auto' }}>
        <label htmlFor="view-region" style={{ ...light, whiteSpace: 'nowrap', opacity: 0.75 }}>
          当前查看区划：
        </label>
        <RegionCascader
          id="view-region"
          aria-label="当前查看区划"
          rootCode={me.regionCode}
          value={view.code}
          onChange={(code) => view.setCode(code)}
          style={{ width: 300 }}
        />
      </div>

      <div style={{ ...light, display: 'flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }}>
        <Tooltip title={me.roleNames.length ? `角色：${me.roleNames.join('、')}` : undefined}>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <UserOutlined />
            <span data-testid="current-user">{me.displayName}</span>
          </span>
        </Tooltip>
        <Button type="text" size="small" icon={<KeyOutlined />} style={light} onClick={() => setPwdOpen(true)}>
          修改密码
        </Button>
        <Button type="text" size="small" icon={<LogoutOutlined />} style={light} loading={leaving} onClick={onLogout} data-testid="logout">
          退出登录
        </Button>
      </div>
      <ChangePasswordModal open={pwdOpen} onClose={() => setPwdOpen(false)} />
    </Layout.Header>
  );
}
