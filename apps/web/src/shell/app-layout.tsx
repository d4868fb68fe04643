import { AccountBookOutlined, HeartOutlined, HomeOutlined, LineChartOutlined, MonitorOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
import { buildMenu, selectedMenuPath, useSession, useViewRegion } from '@mz/ui';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { modules } from '../modules.ts';
import { AppHeader } from './app-header.tsx';
import { FullPageSpin } from './guards.tsx';

const GROUP_ICONS: Record<string, ReactNode> = { 人口与家庭: <TeamOutlined />, 社会救助: <HeartOutlined />, 资金发放: <AccountBookOutlined />, 核对监测: <MonitorOutlined />, 养老服务: <HomeOutlined />, 统计监测: <LineChartOutlined />, 系统管理: <SettingOutlined /> };
const COLLAPSED_KEY = 'mz.sider.collapsed';

export function AppLayout() {
  const { can } = useSession();
  const { link } = useViewRegion();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1');

  const menu = useMemo(() => buildMenu(modules, can), [can]);
  const entries = useMemo(() => menu.flatMap((n) => (n.kind === 'item' ? [n.entry] : n.children)), [menu]);
  const selected = selectedMenuPath(pathname, entries);
  const openGroup = menu.find((n) => n.kind === 'group' && n.children.some((c) => c.path === selected));
  const [openKeys, setOpenKeys] = useState<string[]>(() =>
    openGroup && openGroup.kind === 'group' ? [`group:${openGroup.label}`] : [],
  );

  const items: MenuProps['items'] = menu.map((n) =>
    n.kind === 'item'
      ? { key: n.entry.path, icon: n.entry.icon, label: n.entry.label }
      : {
          key: `group:${n.label}`,
          icon: GROUP_ICONS[n.label],
          label: n.label,
          children: n.children.map((c) => ({ key: c.path, icon: c.icon, label: c.label })),
        },
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader />
      <Layout>
        <Layout.Sider
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={(c) => {
            setCollapsed(c);
            localStorage.setItem(COLLAPSED_KEY, c ? '1' : '0');
          }}
          style={{ borderRight: '1px solid #e8e8e8' }}
        >
          <nav aria-label="主菜单">
            <Menu
              mode="inline"
              items={items}
              selectedKeys={selected ? [selected] : []}
              openKeys={collapsed ? undefined : openKeys}
              onOpenChange={(keys) => setOpenKeys(keys as string[])}
              onClick={({ key }) => navigate(link(String(key)))}
              style={{ borderInlineEnd: 'none', paddingTop: 4 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 12, minWidth: 0 }}>
          <main>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
