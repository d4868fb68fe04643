import { Alert, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, SyncOutlined } from '@ant-design/icons';
import { PageShell, ProblemAlert, RegionBreadcrumb, useSession, useViewRegion, VIEW_REGION_PARAM } from '@mz/ui';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatIndicatorValue } from '../domain/index.ts';
import { Chart } from './chart.tsx';
import { chartValue, changeText, recentMonths } from './format.ts';
import { useDashboard, useQueueRefresh, useRefreshJob, type Change, type Headline } from './statistics.api.ts';

const MONTHS = recentMonths(24);

function ChangeLine({ label, change, format }: { label: string; change: Change | null; format: Headline['format'] }) {
  const up = (change?.delta ?? 0) > 0;
  const down = (change?.delta ?? 0) < 0;
  return (
    <Typography.Text type="secondary" style={{ marginRight: 12 }}>
      {label} {up && <ArrowUpOutlined style={{ color: '#cf1322' }} />}{down && <ArrowDownOutlined style={{ color: '#3f8600' }} />} {changeText(change, format)}
    </Typography.Text>
  );
}

/** 监测看板: the region's headline figures, their trend, and its children — each child drills down, each number opens its records. */
export function DashboardPage() {
  const { me, can } = useSession();
  const queueRefresh = useQueueRefresh();
  const refreshJob = useRefreshJob(queueRefresh.data?.jobId);
  const refreshing = queueRefresh.isPending || (!!queueRefresh.data && !['succeeded', 'failed'].includes(refreshJob.data?.status ?? ''));
  // The refresh reads every jurisdiction: province officials with the report permission start it.
  const mayRefresh = can('statistics.report') && me?.regionLevel === 1;
  const view = useViewRegion();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const rankBy = params.get('rank') ?? undefined;
  const setParam = (key: string, value: string | undefined) => setParams((prev) => {
    const p = new URLSearchParams(prev);
    if (value) p.set(key, value); else p.delete(key);
    return p;
  });
  const dash = useDashboard({ regionCode: view.isHome ? undefined : view.code, month, rankBy });
  const d = dash.data;
  const [trendOf, setTrendOf] = useState<string | undefined>(undefined);
  const trend = d?.headlines.find((h) => h.indicator === trendOf) ?? d?.headlines[0];
  const rankDef = d?.columns.find((c) => c.indicator === d.rankBy);

  const recordsLink = (indicator: string, regionCode: string) =>
    `/statistics/records?indicator=${encodeURIComponent(indicator)}&month=${d?.month ?? ''}&${VIEW_REGION_PARAM}=${regionCode}`;

  const trendOption = useMemo(() => trend && {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: trend.trend.map((p) => p.month) },
    yAxis: { type: 'value', name: trend.unit },
    series: [{ name: trend.name, type: 'line', smooth: true, connectNulls: false, data: trend.trend.map((p) => chartValue(p.value, trend.format)) }],
  }, [trend]);
  const rankingOption = useMemo(() => d && rankDef && {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 110, right: 30, top: 10, bottom: 20 },
    xAxis: { type: 'value', name: rankDef.unit },
    yAxis: { type: 'category', inverse: true, data: d.ranking.slice(0, 15).map((r) => r.regionName) },
    series: [{ name: rankDef.name, type: 'bar', data: d.ranking.slice(0, 15).map((r) => chartValue(r.value, rankDef.format)) }],
  }, [d, rankDef]);

  return (
    <PageShell
      title="监测看板"
      description={d ? `${d.regionName} · ${d.month}${d.refreshedAt ? ` · 数据更新于 ${new Date(d.refreshedAt).toLocaleString('zh-CN')}` : ' · 该月尚未刷新'}` : '本辖区主要统计指标'}
      extra={(
        <Space>
          <span>统计月份</span>
          <Select aria-label="统计月份" style={{ width: 120 }} value={d?.month ?? month} options={MONTHS.map((m) => ({ value: m, label: m }))} onChange={(m) => setParam('month', m)} />
          {mayRefresh && d && (
            <Button icon={<SyncOutlined spin={refreshing} />} loading={queueRefresh.isPending} disabled={refreshing} onClick={() => queueRefresh.mutate(d.month)}>
              刷新该月数据
            </Button>
          )}
        </Space>
      )}
    >
      {view.region && <div style={{ marginBottom: 12 }}><RegionBreadcrumb region={view.region} rootCode={me?.regionCode} onSelect={(c) => view.setCode(c)} /></div>}
      {dash.error && <ProblemAlert error={dash.error} />}
      {queueRefresh.error && <ProblemAlert error={queueRefresh.error} />}
      {refreshJob.data?.status === 'failed' && <Alert type="error" showIcon message="刷新失败" description={refreshJob.data.error ?? undefined} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        {(d?.headlines ?? []).map((h) => (
          <Col key={h.indicator} xs={24} sm={12} lg={8} xl={6}>
            <Card size="small" hoverable onClick={() => setTrendOf(h.indicator)} style={trend?.indicator === h.indicator ? { borderColor: '#1677ff' } : undefined}>
              <Statistic
                title={h.name}
                valueRender={() => (
                  <Link to={recordsLink(h.indicator, d!.regionCode)} onClick={(e) => e.stopPropagation()} aria-label={`${h.name}明细`}>
                    {formatIndicatorValue(h.value, h.format)}
                  </Link>
                )}
                suffix={<span style={{ fontSize: 14 }}>{h.unit}</span>}
              />
              <ChangeLine label="环比" change={h.mom} format={h.format} />
              <ChangeLine label="同比" change={h.yoy} format={h.format} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <div className="mz-panel">
            <Typography.Title level={5}>{trend ? `${trend.name}近 12 个月` : '趋势'}</Typography.Title>
            {trendOption ? <Chart option={trendOption} height={300} label={`${trend!.name}趋势图`} /> : <Empty />}
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <div className="mz-panel">
            <Space style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>下级区划排名</Typography.Title>
              <Select aria-label="排名指标" style={{ width: 180 }} value={d?.rankBy} onChange={(v) => setParam('rank', v)}
                options={(d?.headlines ?? []).map((h) => ({ value: h.indicator, label: h.name }))} />
            </Space>
            {rankingOption && d!.ranking.length > 0 ? <Chart option={rankingOption} height={300} label="下级区划排名图" /> : <Empty description="没有下级区划" />}
          </div>
        </Col>
      </Row>
      <div className="mz-panel" style={{ marginTop: 16 }}>
        <Typography.Title level={5}>按下级区划</Typography.Title>
        <Table
          size="small"
          rowKey="regionCode"
          loading={dash.isFetching}
          dataSource={d?.children ?? []}
          pagination={(d?.children.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: true }}
          locale={{ emptyText: '没有下级区划' }}
          columns={[
            {
              title: '区划', dataIndex: 'regionName', fixed: 'left',
              render: (name: string, r) => <a href="#" onClick={(e) => { e.preventDefault(); view.setCode(r.regionCode); }}>{name}</a>,
            },
            ...(d?.columns ?? []).map((c) => ({
              title: `${c.name}（${c.unit}）`, key: c.indicator, align: 'right' as const,
              sorter: (a: { values: Record<string, number | null> }, b: { values: Record<string, number | null> }) => (a.values[c.indicator] ?? -1) - (b.values[c.indicator] ?? -1),
              render: (_: unknown, r: { regionCode: string; values: Record<string, number | null> }) => (
                <Link to={recordsLink(c.indicator, r.regionCode)}>{formatIndicatorValue(r.values[c.indicator] ?? null, c.format)}</Link>
              ),
            })),
          ]}
        />
      </div>
    </PageShell>
  );
}
