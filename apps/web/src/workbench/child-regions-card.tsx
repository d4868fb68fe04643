import { Button, Card } from 'antd';
import { ProblemAlert, RegionBreadcrumb, RegionChildrenTable, useMe, useRegionChildren, useViewRegion } from '@mz/ui';

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
      <RegionChildrenTable items={children.data} loading={children.isPending} onDrill={view.setCode} />
    </Card>
  );
}
