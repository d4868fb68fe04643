import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Table, Typography } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, errorText, useListParams, useMe, useViewRegion } from '@mz/ui';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCases, useSpotCheck, type CaseSummary, type SpotCheckResult } from './assistance.api.ts';
import { caseColumns } from './case-columns.tsx';
import { isProgramme, PROGRAMME_OPTIONS } from './vocab.ts';

interface Filters {
  programme?: string;
  region?: string;
}

const FILTER_KEYS = ['programme'] as const;

/**
 * 逾期督办: cases past a statutory time limit in the jurisdiction, for the supervising level. A
 * county also draws its 特困 spot-check sample here (特困办法第十六条: at least 30% of the cases
 * awaiting its decision).
 */
export function OverduePage() {
  const me = useMe();
  const view = useViewRegion();
  const navigate = useNavigate();
  const list = useListParams(FILTER_KEYS);
  const programme = isProgramme(list.filters.programme) ? list.filters.programme : undefined;
  const cases = useCases({ overdue: true, programme, regionCode: view.code, page: list.page, pageSize: list.pageSize });
  const [form] = Form.useForm<Filters>();
  const isCounty = me.regionLevel === 3;

  return (
    <PageShell
      title="逾期督办"
      description="超过法定办理时限仍未办结的案件，按区划督促办理"
      extra={isCounty && <SpotCheckButton countyCode={me.regionCode} countyName={me.regionName} />}
    >
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={{ programme, region: view.code }}
          keepOnReset={['region']}
          onSearch={(v) => list.setFilters({ programme: v.programme, region: view.toParam(v.region) } as Record<string, string | undefined>)}
        >
          <Form.Item name="programme" label="项目">
            <Select allowClear placeholder="全部" style={{ width: 170 }} options={PROGRAMME_OPTIONS} />
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 260 }} />
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
          scroll={{ x: 1300 }}
          locale={{ emptyText: '没有超期案件' }}
          onRow={() => ({ style: { background: '#fff1f0' } })}
          columns={caseColumns(view.link)}
        />
      </div>
      <Typography.Text type="secondary" style={{ paddingInline: 4 }}>
        点击案件编号查看办理进度；超期案件也会在承办人的“我的待办”中标红。
        <a onClick={() => navigate(view.link('/assistance/cases'))}>全部案件</a>
      </Typography.Text>
    </PageShell>
  );
}

/** 特困抽查: draws the county's sample once; drawn cases carry the 抽查 flag and need a 抽查 step. */
function SpotCheckButton({ countyCode, countyName }: { countyCode: string; countyName: string }) {
  const { modal, message } = App.useApp();
  const draw = useSpotCheck();
  const [result, setResult] = useState<SpotCheckResult | null>(null);
  const view = useViewRegion();

  const confirm = () =>
    modal.confirm({
      title: '特困抽查',
      content: `将从${countyName}待审核确认的特困供养案件中随机抽取不少于 30% 进行抽查，抽取结果记入案件，不能撤销。是否继续？`,
      okText: '抽取',
      cancelText: '取消',
      onOk: async () => {
        try {
          setResult(await draw.mutateAsync(countyCode));
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  return (
    <>
      <Button icon={<ExperimentOutlined />} onClick={confirm} loading={draw.isPending}>
        特困抽查
      </Button>
      <Modal open={!!result} title="抽查结果" onCancel={() => setResult(null)} footer={<Button onClick={() => setResult(null)}>关闭</Button>}>
        {result &&
          (result.drawn.length ? (
            <Alert
              type="success"
              showIcon
              title={`从 ${result.pool} 件待审核确认的特困案件中抽取 ${result.drawn.length} 件`}
              description={
                <Link to={`${view.link('/assistance/cases')}${view.isHome ? '?' : '&'}programme=tekun&flag=spot_check`} onClick={() => setResult(null)}>
                  查看被抽查的案件
                </Link>
              }
            />
          ) : (
            <Alert type="info" showIcon title="当前没有待审核确认的特困案件，未抽取" />
          ))}
      </Modal>
    </>
  );
}
