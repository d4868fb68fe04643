import { FileAddOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table, Tooltip } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, useListParams, useMe, useSession, useViewRegion } from '@mz/ui';
import { useNavigate } from 'react-router';
import { publicityPdfUrl, useCases, type CaseSummary } from './assistance.api.ts';
import { caseColumns } from './case-columns.tsx';
import { FLAG_OPTIONS, isProgramme, PROGRAMME_OPTIONS, stateOptions } from './vocab.ts';

interface Filters {
  q?: string;
  programme?: string;
  state?: string;
  region?: string;
  overdue?: string;
  flag?: string;
  recheckDue?: string;
}

const FILTER_KEYS = ['q', 'programme', 'state', 'overdue', 'flag', 'recheckDue'] as const;

/** 案件查询: every 社会救助 case of the jurisdiction being viewed, filtered and paged in the URL. */
export function CasesPage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const list = useListParams(FILTER_KEYS);
  const f = list.filters;
  const programme = isProgramme(f.programme) ? f.programme : undefined;
  const cases = useCases({
    q: f.q?.trim() || undefined,
    programme,
    state: f.state,
    regionCode: view.code,
    overdue: f.overdue === 'true',
    flag: f.flag,
    recheckDue: f.recheckDue === 'true',
    page: list.page,
    pageSize: list.pageSize,
  });
  const [form] = Form.useForm<Filters>();
  const chosenProgramme = Form.useWatch('programme', form) ?? programme;

  return (
    <PageShell
      title="案件查询"
      description="本级及下级区划的低保、特困、临时救助案件"
      extra={
        <>
          {programme && programme !== 'linshi' && (
            <Tooltip title="本区划及下级已确认救助对象的公示名单（姓名、家庭人口、金额）">
              <Button icon={<FilePdfOutlined />} href={publicityPdfUrl(view.code, programme)} target="_blank">
                公示名单
              </Button>
            </Tooltip>
          )}
          {can('assistance.apply') && (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate(view.link('/assistance/cases/new'))}>
              救助申请
            </Button>
          )}
        </>
      }
    >
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={{ q: f.q, programme, state: f.state, region: view.code, overdue: f.overdue, flag: f.flag, recheckDue: f.recheckDue }}
          keepOnReset={['region']}
          onSearch={(v) =>
            list.setFilters({
              q: v.q,
              programme: v.programme,
              state: v.state,
              overdue: v.overdue,
              flag: v.flag,
              recheckDue: v.recheckDue,
              region: view.toParam(v.region),
            } as Record<string, string | undefined>)
          }
        >
          <Form.Item name="q" label="关键字">
            <Input placeholder="案件编号 / 申请人姓名 / 身份证号" allowClear style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="programme" label="项目">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 170 }}
              options={PROGRAMME_OPTIONS}
              onChange={() => form.setFieldValue('state', undefined)}
            />
          </Form.Item>
          <Form.Item name="state" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 150 }} options={stateOptions(chosenProgramme)} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="flag" label="标记">
            <Select allowClear placeholder="全部" style={{ width: 130 }} options={FLAG_OPTIONS} />
          </Form.Item>
          <Form.Item name="overdue" label="时限">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={[{ value: 'true', label: '已超期' }]} />
          </Form.Item>
          <Form.Item name="recheckDue" label="复核">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={[{ value: 'true', label: '待复核' }]} />
          </Form.Item>
        </FilterBar>
      </div>

      <div className="mz-panel">
        {cases.error && <ProblemAlert error={cases.error} />}
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={cases.isFetching}
          dataSource={cases.data?.items ?? []}
          pagination={list.pagination(cases.data?.total)}
          scroll={{ x: 1470 }}
          locale={{ emptyText: '没有符合条件的案件' }}
          onRow={(c) => ({ onClick: () => navigate(view.link(`/assistance/cases/${c.id}`)), style: { cursor: 'pointer' } })}
          columns={caseColumns(view.link)}
        />
      </div>
    </PageShell>
  );
}
