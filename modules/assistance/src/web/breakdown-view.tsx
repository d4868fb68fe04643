import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Breakdown } from './assistance.api.ts';
import { money } from './format.ts';

type Item = Breakdown['items'][number];

interface BreakdownViewProps {
  breakdown: Breakdown;
  /** Shows rule version and parameter ids (the case page; the trial panel keeps it short). */
  provenance?: boolean;
  /** The amount line's caption: '月保障金额' for 低保/特困, '救助金额' for 临时救助. */
  totalLabel?: string;
  /** Names a parameter row for the provenance list (its id otherwise). */
  paramLabel?: (id: string) => ReactNode;
}

/**
 * An itemised calculation: what each line is, how it was computed, and the total. The numbers are
 * the server's (integer fen); this only lays them out, so what the official sees is what is paid.
 */
export function BreakdownView({ breakdown: b, provenance, totalLabel, paramLabel }: BreakdownViewProps) {
  const caption = totalLabel ?? (b.programme === 'linshi' ? '救助金额' : '月保障金额');
  return (
    <div data-testid="breakdown">
      {!b.eligible && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title="按当前填写的情况，不符合保障条件"
          description={b.reasons.length ? <ul style={{ margin: 0, paddingInlineStart: 20 }}>{b.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul> : undefined}
        />
      )}
      {b.eligible && b.reasons.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={<ul style={{ margin: 0, paddingInlineStart: 16 }}>{b.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>}
        />
      )}
      <Table<Item>
        size="small"
        rowKey={(item, i) => `${item.code}:${i}`}
        dataSource={b.items}
        pagination={false}
        locale={{ emptyText: '无计算项目' }}
        columns={[
          { title: '项目', dataIndex: 'label', width: 160 },
          {
            title: '计算方式',
            dataIndex: 'formula',
            render: (f: string) => <Typography.Text style={{ fontSize: 12 }}>{f}</Typography.Text>,
          },
          { title: '金额', dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => money(v) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>{caption}</Typography.Text>
              {b.perCapitaIncomeFen != null && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
                  家庭月人均收入 {money(b.perCapitaIncomeFen)}
                </Typography.Text>
              )}
              {b.members != null && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
                  保障人数 {b.members} 人
                </Typography.Text>
              )}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="breakdown-amount">
                {money(b.amountFen)}
              </Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {provenance && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 8 }}
          items={[
            { key: 'rule', label: '计算规则版本', children: <Typography.Text code>{b.ruleVersion}</Typography.Text> },
            {
              key: 'params',
              label: '引用政策参数',
              children: b.paramIds.length ? (
                <Space size={[4, 4]} wrap>
                  {b.paramIds.map((id) => (
                    <Tag key={id} title={id} style={{ fontSize: 12 }}>
                      {paramLabel?.(id) ?? <span style={{ fontFamily: 'monospace', fontSize: 11 }}>{id}</span>}
                    </Tag>
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
