import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Table, Tooltip } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, useListParams, useMe, useSession, useViewRegion } from '@mz/ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { HouseholdCreateDrawer } from './household-create-drawer.tsx';
import { useHouseholds, type HouseholdRow } from './registry.api.ts';

interface Filters {
  q?: string;
  region?: string;
}

const FILTER_KEYS = ['q'] as const;

/** 家庭查询: households of the 当前查看区划 and below. */
export function HouseholdsPage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useListParams(FILTER_KEYS);
  const q = list.filters.q?.trim() || undefined;
  const households = useHouseholds({ q, regionCode: view.code, page: list.page, pageSize: list.pageSize });
  const [form] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);

  const open = (h: { id: string }) => navigate(view.link(`/registry/households/${h.id}`));

  return (
    <PageShell
      title="家庭查询"
      description="本级及下级区划的家庭（户），点击行查看成员和变动记录"
      extra={
        can('person.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建家庭
          </Button>
        )
      }
    >
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={{ q, region: view.code }}
          keepOnReset={['region']}
          onSearch={(v) => list.setFilters({ q: v.q, region: view.toParam(v.region) } as Record<string, string | undefined>)}
        >
          <Form.Item name="q" label="关键字">
            <Input placeholder="户主姓名 / 身份证号 / 地址" allowClear style={{ width: 230 }} />
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 280 }} />
          </Form.Item>
        </FilterBar>
      </div>

      <div className="mz-panel">
        {households.error && <ProblemAlert error={households.error} />}
        <Table<HouseholdRow>
          size="small"
          rowKey="id"
          loading={households.isFetching}
          dataSource={households.data?.items ?? []}
          pagination={list.pagination(households.data?.total)}
          scroll={{ x: 900 }}
          locale={{ emptyText: '没有符合条件的家庭' }}
          onRow={(h) => ({ onClick: () => open(h), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '户主',
              dataIndex: 'headName',
              width: 110,
              render: (v: string | null, h) => (
                <a href={view.link(`/registry/households/${h.id}`)} onClick={(e) => e.preventDefault()}>
                  {v ?? '（无户主）'}
                </a>
              ),
            },
            {
              title: '户主身份证号',
              dataIndex: 'headIdNumberMasked',
              width: 180,
              render: (v: string | null) => (v ? <span style={{ fontFamily: 'monospace' }}>{v}</span> : '—'),
            },
            { title: '地址', dataIndex: 'address', ellipsis: true },
            {
              title: '所属区划',
              dataIndex: 'regionName',
              width: 200,
              ellipsis: true,
              render: (name: string, h) => <Tooltip title={h.regionCode}>{name}</Tooltip>,
            },
            { title: '成员数', dataIndex: 'memberCount', width: 80, align: 'right' },
          ]}
        />
      </div>

      <HouseholdCreateDrawer
        open={creating}
        defaultRegionCode={view.code}
        onClose={() => setCreating(false)}
        onSaved={(h) => {
          setCreating(false);
          message.success('已建立家庭');
          open(h);
        }}
      />
    </PageShell>
  );
}
