import { Breadcrumb } from 'antd';
import { fullPath, type RegionDetail, type RegionRef } from './region.ts';

/** Path of `region` starting at `rootCode` (ancestors above the root are left out). */
export function pathFrom(region: RegionDetail, rootCode: string | undefined): RegionRef[] {
  const path = fullPath(region);
  const start = rootCode ? path.findIndex((r) => r.code === rootCode) : -1;
  return start >= 0 ? path.slice(start) : path;
}

interface RegionBreadcrumbProps {
  region: RegionDetail;
  rootCode?: string;
  /** Called with an ancestor's code when it is clicked; the last item is not a link. */
  onSelect?: (code: string) => void;
}

export function RegionBreadcrumb({ region, rootCode, onSelect }: RegionBreadcrumbProps) {
  const path = pathFrom(region, rootCode);
  return (
    <Breadcrumb
      items={path.map((r, i) => ({
        key: r.code,
        title:
          i < path.length - 1 && onSelect ? (
            <a
              href="#"
              onClick={(e) => {
                e.preventDefault();
                onSelect(r.code);
              }}
            >
              {r.name}
            </a>
          ) : (
            r.name
          ),
      }))}
    />
  );
}
