import { CalculatorOutlined } from '@ant-design/icons';
import { Card, Empty, Spin, Tag, Typography } from 'antd';
import { ProblemAlert } from '@mz/ui';
import { useMemo } from 'react';
import type { CalculateRequest } from './application.values.ts';
import { useCalculation, type CalculateBody } from './assistance.api.ts';
import { BreakdownView } from './breakdown-view.tsx';
import { cnMonth } from './format.ts';
import { useDebounced } from './pickers.tsx';

interface CalculationPanelProps {
  /** The request for the current form, or null while the calculator lacks inputs. */
  request: CalculateRequest | null;
  /** What is still missing, shown while `request` is null. */
  waitingFor: string;
}

/**
 * 试算: POST /assistance/calculate with what the form holds now, re-run shortly after each change.
 * Nothing is saved; the clerk sees the itemised amount the case will start with before submitting.
 */
export function CalculationPanel({ request, waitingFor }: CalculationPanelProps) {
  // Compare by content: the form hands a new object on every keystroke.
  const key = JSON.stringify(request);
  const debouncedKey = useDebounced(key, 400);
  const body = useMemo(() => JSON.parse(debouncedKey) as CalculateBody | null, [debouncedKey]);
  const calc = useCalculation(body);
  const stale = key !== debouncedKey || calc.isFetching;

  return (
    <Card
      size="small"
      title={
        <span>
          <CalculatorOutlined /> 试算
        </span>
      }
      extra={body && <Typography.Text type="secondary">{cnMonth(body.month)}标准</Typography.Text>}
      data-testid="calculation-panel"
    >
      {!request ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`请先${waitingFor}，即可试算保障金额`} />
      ) : (
        <Spin spinning={stale} delay={200}>
          {calc.error && <ProblemAlert error={calc.error} />}
          {calc.data && !calc.error && (
            <>
              <div style={{ marginBottom: 8 }}>
                {calc.data.eligible ? <Tag color="green">符合条件</Tag> : <Tag color="orange">不符合条件</Tag>}
                {calc.data.edgeFamily && <Tag color="blue">低保边缘家庭</Tag>}
                {calc.data.approvalLevel && <Tag>{calc.data.approvalLevel === 'county' ? '县级审批' : '乡镇（街道）审批'}</Tag>}
              </div>
              <BreakdownView breakdown={calc.data} />
              {(calc.data.notes ?? []).map((n, i) => (
                <Typography.Paragraph key={i} type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
                  {n}
                </Typography.Paragraph>
              ))}
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                试算结果仅供参考，以调查核实后的审核确认为准。
              </Typography.Paragraph>
            </>
          )}
        </Spin>
      )}
    </Card>
  );
}
