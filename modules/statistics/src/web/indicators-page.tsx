import { Table, Tag } from 'antd';
import { PageShell, ProblemAlert } from '@mz/ui';
import { useIndicators } from './statistics.api.ts';

/** 指标目录: every indicator with its definition, unit, source, stock or flow, and how it is refreshed. */
export function IndicatorsPage() {
  const list = useIndicators();
  return (
    <PageShell title="指标目录" description="各统计指标的口径、计量单位、数据来源、时点/时期属性与刷新方式">
      {list.error && <ProblemAlert error={list.error} />}
      <div className="mz-panel">
        <Table
          size="small" rowKey="code" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false}
          columns={[
            { title: '分组', dataIndex: 'group', width: 90 },
            { title: '指标', dataIndex: 'name', width: 150, render: (v: string, d) => <>{v}{d.headline && <Tag color="blue" style={{ marginLeft: 4 }}>看板</Tag>}</> },
            { title: '代码', dataIndex: 'code', width: 190 },
            { title: '单位', dataIndex: 'unit', width: 90 },
            { title: '口径', render: (_: unknown, d) => (d.denominator ? <>分子：{d.numerator}<br />分母：{d.denominator}</> : d.numerator) },
            { title: '来源', dataIndex: 'sourceModule', width: 100 },
            { title: '属性', width: 140, render: (_: unknown, d) => `${d.natureName}，${d.additive ? '可加总' : '不可加总'}` },
            { title: '报告频率', dataIndex: 'periodName', width: 80 },
            { title: '刷新', dataIndex: 'refreshName', width: 90 },
          ]}
        />
      </div>
    </PageShell>
  );
}
