import { Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { RegionNode } from '@mz/kernel';
import { regionLevelName } from './region.ts';

export interface RegionChildrenTableProps {
  items: RegionNode[] | undefined;
  loading: boolean;
  /** Called with a child's code when its name is clicked (only children that have children). */
  onDrill: (code: string) => void;
  /** Show the 下级 column and page long lists (the 区划查询 page); the workbench card scrolls. */
  full?: boolean;
  title?: ReactNode;
}

/** The children of a region, in code order; a name with children below it drills down. */
export function RegionChildrenTable({ items, loading, onDrill, full, title }: RegionChildrenTableProps) {
  const count = items?.length ?? 0;
  return (
    <Table<RegionNode>
      size="small"
      rowKey="code"
      loading={loading}
      dataSource={items ?? []}
      pagination={full && count > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (t) => `共 ${t} 个` } : false}
      scroll={full ? undefined : { y: 420 }}
      locale={{ emptyText: '没有下级区划' }}
      title={title ? () => title : undefined}
      columns={[
        { title: '代码', dataIndex: 'code', width: full ? 160 : 140 },
        {
          title: '名称',
          dataIndex: 'name',
          render: (name: string, r) =>
            r.hasChildren ? (
              <a
                href="#"
                onClick={(e) => {
                  e.preventDefault();
                  onDrill(r.code);
                }}
              >
                {name}
              </a>
            ) : (
              name
            ),
        },
        { title: '级别', dataIndex: 'level', width: full ? 120 : 100, render: (l: number) => regionLevelName(l) },
        ...(full
          ? [{ title: '下级', dataIndex: 'hasChildren', width: 100, render: (has: boolean) => (has ? <Tag color="blue">有</Tag> : <Tag>无</Tag>) }]
          : []),
      ]}
    />
  );
}
