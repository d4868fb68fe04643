import { Card, Col, Descriptions, Row, Tag } from 'antd';
import { jurisdictionPath, PageShell, useMe } from '@mz/ui';
import { ChildRegionsCard } from './child-regions-card.tsx';

/** 工作台: who I am, where I work, and the regions under the one I am looking at. */
export function HomePage() {
  const me = useMe();
  return (
    <PageShell title="工作台" documentTitle="工作台">
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Card title="我的信息" size="small">
            <Descriptions
              column={1}
              size="small"
              bordered
              styles={{ label: { width: 96 } }}
              items={[
                { key: 'username', label: '账号', children: me.username },
                { key: 'displayName', label: '姓名', children: me.displayName },
                {
                  key: 'roles',
                  label: '角色',
                  children: me.roleNames.length ? me.roleNames.map((r) => <Tag key={r}>{r}</Tag>) : '未分配角色',
                },
                {
                  key: 'region',
                  label: '管辖区划',
                  children: jurisdictionPath(me)
                    .map((r) => r.name)
                    .join(' / '),
                },
                { key: 'permissions', label: '权限', children: `${me.permissions.length} 项` },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <ChildRegionsCard />
        </Col>
      </Row>
    </PageShell>
  );
}
