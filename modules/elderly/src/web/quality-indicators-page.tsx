import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PageShell, ProblemAlert, RegionBreadcrumb, useMe, useViewRegion } from '@mz/ui';
import { useSearchParams } from 'react-router';
import { ELDERLY_INDICATORS, formatIndicator, type IndicatorDefinition } from '../domain/index.ts';
import { useIndicators, type IndicatorRow } from './quality.api.ts';

const HEADLINES = ['elderly.beds_per_1000', 'elderly.nursing_bed_ratio', 'elderly.occupancy_rate', 'elderly.certified_caregiver_ratio', 'elderly.beds', 'elderly.population_60'];
const COLUMNS = [
  'elderly.population_60', 'elderly.beds', 'elderly.nursing_beds', 'elderly.nursing_bed_ratio', 'elderly.beds_per_1000', 'elderly.residents', 'elderly.occupancy_rate',
  'elderly.caregivers', 'elderly.certified_caregiver_ratio', 'elderly.care_homes',
];
const GRADES = ['elderly.care_homes_grade_1', 'elderly.care_homes_grade_2', 'elderly.care_homes_grade_3', 'elderly.care_homes_grade_4', 'elderly.care_homes_grade_5', 'elderly.care_homes_ungraded'];

const def = (code: string) => ELDERLY_INDICATORS.find((d) => d.code === code)!;
const show = (row: IndicatorRow, code: string) => {
  const d = def(code);
  return formatIndicator(row.values.find((v) => v.code === code)?.value ?? null, d.denominator ? d.decimals ?? 1 : 0);
};
const label = (d: IndicatorDefinition, short?: string) => (
  <Tooltip title={<>{d.definition}{d.denominator ? `（分子：${d.numerator}，分母：${d.denominator}）` : ''}</>}>
    <span>{short ?? d.name}{d.unit && d.unit !== '个' && d.unit !== '人' && d.unit !== '张' ? `（${d.unit}）` : ''} <QuestionCircleOutlined style={{ color: '#999' }} /></span>
  </Tooltip>
);

/** 养老指标: headline cards for a region on a date, a table of its children (click to drill down), grades by region. */
export function QualityIndicatorsPage() {
  // The region follows the shell's 当前查看区划 (URL param `region`), so drilling down here and
  // choosing a region in the header are the same thing.
  const view = useViewRegion();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const region = view.toParam(view.code);
  const date = params.get('date') ?? undefined;
  const report = useIndicators(region, date);
  const r = report.data;
  const setDate = (value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set('date', value); else next.delete('date');
    setParams(next);
  };
  const rows = r ? r.children : [];
  return (
    <PageShell
      title="养老指标"
      description="每千名老年人养老床位数、护理型床位占比、入住率、护理员持证率与机构等级，按下级区划统计"
      extra={(
        <Space>
          <span>统计日期</span>
          <DatePicker allowClear={false} value={dayjs(r?.date ?? date)} onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)} />
        </Space>
      )}
    >
      {report.error && <ProblemAlert error={report.error} />}
      {r && (
        <>
          {view.region && <div style={{ marginBottom: 12 }}><RegionBreadcrumb region={view.region} rootCode={me.regionCode} onSelect={view.setCode} /></div>}
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {HEADLINES.map((code) => {
              const d = def(code);
              return (
                <Col key={code} xs={12} md={8} xl={4}>
                  <Card size="small">
                    <Statistic title={label(d)} value={show(r.total, code)} />
                  </Card>
                </Col>
              );
            })}
          </Row>
          <div className="mz-panel">
            <Typography.Title level={5}>按下级区划</Typography.Title>
            <Table<IndicatorRow>
              size="small"
              rowKey={(x) => (x.direct ? `${x.regionCode}-own` : x.regionCode)}
              loading={report.isFetching}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1200 }}
              locale={{ emptyText: '没有下级区划' }}
              summary={() => (rows.length ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}><b>合计</b></Table.Summary.Cell>
                  {COLUMNS.map((code, i) => <Table.Summary.Cell key={code} index={i + 1} align="right"><b>{show(r.total, code)}</b></Table.Summary.Cell>)}
                </Table.Summary.Row>
              ) : null)}
              columns={[
                {
                  title: '区划', dataIndex: 'regionName', fixed: 'left', width: 180,
                  render: (name: string, x) => (x.hasChildren && !x.direct
                    ? <a href="#" onClick={(e) => { e.preventDefault(); view.setCode(x.regionCode); }}>{name}</a>
                    : name),
                },
                ...COLUMNS.map((code) => ({ title: label(def(code)), key: code, align: 'right' as const, render: (_: unknown, x: IndicatorRow) => show(x, code) })),
              ]}
            />
          </div>
          <div className="mz-panel">
            <Typography.Title level={5}>养老机构等级（GB/T 37276）</Typography.Title>
            <Table<IndicatorRow>
              size="small"
              rowKey={(x) => (x.direct ? `${x.regionCode}-own` : x.regionCode)}
              dataSource={[...rows, { ...r.total, regionName: '合计', direct: true, regionCode: 'total' }]}
              pagination={false}
              columns={[
                { title: '区划', dataIndex: 'regionName', width: 180 },
                ...GRADES.map((code) => ({ title: def(code).name.replace('养老机构数', ''), key: code, align: 'right' as const, render: (_: unknown, x: IndicatorRow) => show(x, code) })),
              ]}
            />
          </div>
          <Alert
            type="info"
            showIcon
            message="口径说明"
            description="在住人数、护理员、60周岁及以上人口和机构等级按统计日期计算；机构和床位按当前登记（不保留历史）。分母为 0 时显示“—”。护理型床位占比的国家目标（55%）待核实。"
          />
        </>
      )}
    </PageShell>
  );
}
