import { ArrowUpOutlined } from '@ant-design/icons';
import { Button, Descriptions } from 'antd';
import {
  PageShell,
  ProblemAlert,
  RegionBreadcrumb,
  RegionChildrenTable,
  regionLevelName,
  useMe,
  useRegionChildren,
  useViewRegion,
} from '@mz/ui';

/**
 * 区划查询: browse the division tree from the user's home region. The region shown is the
 * 当前查看区划 (URL `region`), so a drill-down here carries over to the other pages.
 */
export function RegionsPage() {
  const me = useMe();
  const view = useViewRegion();
  const region = view.region;
  const children = useRegionChildren(view.code);

  return (
    <PageShell
      title="区划查询"
      description="统计用区划代码，点击名称查看下级"
      extra={
        <Button icon={<ArrowUpOutlined />} disabled={view.isHome} onClick={() => view.setCode(region?.parentCode ?? undefined)}>
          返回上级
        </Button>
      }
    >
      <div className="mz-panel">
        {region && (
          <>
            <div style={{ marginBottom: 12 }}>
              <RegionBreadcrumb region={region} rootCode={me.regionCode} onSelect={view.setCode} />
            </div>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 4 }}
              items={[
                { key: 'name', label: '名称', children: region.name },
                { key: 'code', label: '代码', children: region.code },
                { key: 'level', label: '级别', children: regionLevelName(region.level) },
                {
                  key: 'parent',
                  label: '上级',
                  children: region.path.length ? region.path[region.path.length - 1]!.name : '—',
                },
              ]}
            />
          </>
        )}
      </div>
      <div className="mz-panel">
        {children.error && <ProblemAlert error={children.error} />}
        <RegionChildrenTable
          full
          items={children.data}
          loading={children.isPending}
          onDrill={view.setCode}
          title={region ? `${region.name} 的下级区划（${children.data?.length ?? 0} 个）` : '下级区划'}
        />
      </div>
    </PageShell>
  );
}
