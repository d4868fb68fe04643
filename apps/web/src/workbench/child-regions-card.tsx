import { Button, Card, Table } from 'antd';
import { ProblemAlert, RegionBreadcrumb, regionLevelName, useMe, useRegionChildren, useViewRegion, type RegionNode } from '@mz/ui';

/** Children of the 当前查看区划 (GET /regions/{code}/children); a click drills down. */
export function ChildRegionsCard() {
  const me = useMe();
  const view = useViewRegion();
  const children = useRegionChildren(view.code);
  return (
    <Card
      size="small"
      title={view.region ? `${view.region.name} 的下级区划` : '下级区划'}
      extra={
        !view.isHome && (
          <Button size="small" onClick={() => view.setCode(view.region?.parentCode ?? undefined)}>
            返回上级
          </Button>
        )
      }
    >
      {view.region && !view.isHome && (
        <div style={{ marginBottom: 8 }}>
          <RegionBreadcrumb region={view.region} rootCode={me.regionCode} onSelect={view.setCode} />
        </div>
      )}
      {children.error && <ProblemAlert error={children.error} />}
      <Table<RegionNode>
        size="small"
        rowKey="code"
        loading={children.isPending}
        dataSource={children.data ?? []}
        pagination={false}
        scroll={{ y: 420 }}
        locale={{ emptyText: '没有下级区划' }}
        columns={[
          { title: '代码', dataIndex: 'code', width: 140 },
          {
            title: '名称',
            dataIndex: 'name',
            render: (name: string, r) =>
              r.hasChildren ? (
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    view.setCode(r.code);
                  }}
                >
                  {name}
                </a>
              ) : (
                name
              ),
          },
          { title: '级别', dataIndex: 'level', width: 100, render: (l: number) => regionLevelName(l) },
        ]}
      />
    </Card>
  );
}
