import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import {
  errorText,
  FilterBar,
  PageShell,
  ProblemAlert,
  RegionCascader,
  StatusTag,
  useListParams,
  useMe,
  useSession,
  useViewRegion,
} from '@mz/ui';
import type { PersonSummary } from '@mz/registry';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { hukouLabel, PERSON_STATUS_OPTIONS, PERSON_STATUS_TAGS, sexLabel } from './labels.ts';
import {
  ageParam,
  columnSortOrder,
  PERSON_FILTER_KEYS,
  personExportParams,
  personListQuery,
  sortFromTable,
} from './person-query.ts';
import { usePersons } from './registry.api.ts';
import { downloadFile } from './transfer.ts';

interface Filters {
  q?: string;
  status?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  region?: string;
}

const muted = { color: '#999' };

/** 人员查询: persons of the 当前查看区划 and below, masked; filter, sort, export, open. */
export function PersonsPage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useListParams(PERSON_FILTER_KEYS);
  const query = personListQuery(list.filters, { regionCode: view.code, page: list.page, pageSize: list.pageSize });
  const persons = usePersons(query);
  const [form] = Form.useForm<Filters>();
  const [exporting, setExporting] = useState<'masked' | 'full' | null>(null);

  const values: Filters = {
    q: query.q,
    status: query.status,
    ageMin: ageParam(list.filters.ageMin) ?? null,
    ageMax: ageParam(list.filters.ageMax) ?? null,
    region: view.code,
  };

  const doExport = async (unmasked: boolean) => {
    setExporting(unmasked ? 'full' : 'masked');
    try {
      await downloadFile('/registry/persons/export.xlsx', personExportParams(query, unmasked), unmasked ? '人员名单（不脱敏）.xlsx' : '人员名单.xlsx');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(null);
    }
  };

  const open = (p: PersonSummary) => navigate(view.link(`/registry/persons/${p.id}`));
  const total = persons.data?.total ?? 0;

  return (
    <PageShell
      title="人员查询"
      description="本级及下级区划登记的人员，身份证号和电话已脱敏"
      extra={
        <>
          <Space.Compact>
            <Button icon={<DownloadOutlined />} loading={exporting === 'masked'} disabled={!total} onClick={() => doExport(false)}>
              导出Excel
            </Button>
            {can('person.export_full') && (
              <Popconfirm
                title="导出不脱敏的名单？"
                description={<>导出内容含完整身份证号、电话和银行账号，<br />本次导出将被记录审计，请妥善保管文件。</>}
                okText="确认导出"
                okButtonProps={{ danger: true }}
                onConfirm={() => doExport(true)}
                disabled={!total}
              >
                <Button loading={exporting === 'full'} disabled={!total}>
                  导出（不脱敏）
                </Button>
              </Popconfirm>
            )}
          </Space.Compact>
          {can('person.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(view.link('/registry/persons/new'))}>
              新增人员
            </Button>
          )}
        </>
      }
    >
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={values}
          keepOnReset={['region']}
          onSearch={(v) =>
            list.setFilters({
              q: v.q,
              status: v.status,
              ageMin: v.ageMin == null ? undefined : String(v.ageMin),
              ageMax: v.ageMax == null ? undefined : String(v.ageMax),
              region: view.toParam(v.region),
            } as Record<string, string | undefined>)
          }
        >
          <Form.Item
            name="q"
            label="关键字"
            rules={[{ validator: (_r, v?: string) => (v && v.trim().length === 1 ? Promise.reject(new Error('请至少输入 2 个字')) : Promise.resolve()) }]}
          >
            <Input placeholder="身份证号 / 姓名 / 拼音首字母" allowClear style={{ width: 230 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={PERSON_STATUS_OPTIONS} />
          </Form.Item>
          <Form.Item label="年龄">
            <Space.Compact>
              <Form.Item name="ageMin" noStyle>
                <InputNumber min={0} max={150} precision={0} placeholder="从" style={{ width: 70 }} />
              </Form.Item>
              <Input disabled value="–" style={{ width: 30, textAlign: 'center', pointerEvents: 'none' }} tabIndex={-1} />
              <Form.Item name="ageMax" noStyle>
                <InputNumber min={0} max={150} precision={0} placeholder="到" style={{ width: 70 }} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 280 }} />
          </Form.Item>
        </FilterBar>
      </div>

      <div className="mz-panel">
        {persons.error && <ProblemAlert error={persons.error} />}
        <Table<PersonSummary>
          size="small"
          rowKey="id"
          loading={persons.isFetching}
          dataSource={persons.data?.items ?? []}
          pagination={list.pagination(persons.data?.total)}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '没有符合条件的人员' }}
          onRow={(p) => ({ onClick: () => open(p), style: { cursor: 'pointer' } })}
          onChange={(_p, _f, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            list.setFilters(sortFromTable(s?.field, s?.order));
          }}
          showSorterTooltip={false}
          columns={[
            { title: '身份证号', dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
            {
              title: '姓名',
              dataIndex: 'name',
              key: 'name',
              width: 110,
              sorter: true,
              sortOrder: columnSortOrder(query, 'name'),
              render: (v: string, p) => (
                <a href={view.link(`/registry/persons/${p.id}`)} onClick={(e) => e.preventDefault()}>
                  {v}
                </a>
              ),
            },
            { title: '性别', dataIndex: 'sex', width: 60, render: (v: string) => sexLabel(v) },
            { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
            {
              title: '出生日期',
              dataIndex: 'birthDate',
              key: 'birthDate',
              width: 110,
              sorter: true,
              sortOrder: columnSortOrder(query, 'birthDate'),
            },
            { title: '户籍类型', dataIndex: 'hukouType', width: 80, render: (v: string) => hukouLabel(v) },
            {
              title: '所属区划',
              dataIndex: 'regionName',
              ellipsis: true,
              render: (name: string, p) => <Tooltip title={p.regionCode}>{name}</Tooltip>,
            },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <StatusTag value={v} options={PERSON_STATUS_TAGS} /> },
            {
              title: '联系电话',
              dataIndex: 'phoneMasked',
              width: 120,
              render: (v: string | null) => (v ? <span style={{ fontFamily: 'monospace' }}>{v}</span> : <span style={muted}>—</span>),
            },
          ]}
          footer={() => (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              未选择排序时按登记时间倒序排列；点击“姓名”“出生日期”列头可排序；点击行查看详情。
            </Typography.Text>
          )}
        />
      </div>
    </PageShell>
  );
}
