import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Radio, Row, Spin, Tag, Typography } from 'antd';
import { todayInShanghai } from '@mz/kernel';
import { HUKOU_TYPES } from '@mz/registry';
import { ModalForm, PageShell, ProblemAlert, useMe } from '@mz/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useCalculation, useEdgeFamilies, useEndEdgeFamily, useHousehold, useRecogniseEdgeFamily, type CalculateBody, type EdgeFamilySummary } from './assistance.api.ts';
import { EconomicsFields } from './economics-fields.tsx';
import { edgeLineText, edgePreviewBody, edgeVerdict, livingMembers, mayEnd, mayRecognise, toEdgeFamilyBody, type RecogniseValues } from './edge-families.ts';
import { EndRecognitionDialog, RegisterFilters, RegisterTable, today, useRegisterQuery } from './family-register-view.tsx';
import { cnDate, money } from './format.ts';
import { DATE_FORMATS, optionsOf } from './labels.ts';
import { HouseholdPicker, useDebounced } from './pickers.tsx';

/**
 * 低保边缘家庭 (低保办法第八条第二款; 2022通知一(四)): households whose per-capita income is at or
 * above the 低保 standard but below its edge multiple, with property within the limits. They come
 * from refused or stopped 低保 cases, from 单人保, or from a township's direct recognition here;
 * the 低保 calculator decides each time, and a recognition stands for its validity period.
 */
export function EdgeFamiliesPage() {
  const me = useMe();
  const { message } = App.useApp();
  const register = useRegisterQuery();
  const view = register.view;
  const families = useEdgeFamilies(register.query);
  const [recognising, setRecognising] = useState(false);
  const [ending, setEnding] = useState<EdgeFamilySummary | null>(null);
  const recognise = useRecogniseEdgeFamily();
  const end = useEndEdgeFamily();
  const canRecognise = mayRecognise(me);
  const canEnd = mayEnd(me);

  return (
    <PageShell
      title="低保边缘家庭"
      description="家庭月人均收入不低于当地低保标准、低于标准的规定倍数，且财产状况符合规定的家庭（低保办法第八条第二款）"
      extra={
        canRecognise && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecognising(true)}>
            认定边缘家庭
          </Button>
        )
      }
    >
      <RegisterFilters register={register} />

      <RegisterTable<EdgeFamilySummary>
        register={register}
        result={families}
        scrollX={1500}
        emptyText="没有符合条件的低保边缘家庭"
        onEnd={canEnd ? setEnding : undefined}
        columns={[
          {
            title: '认定日期',
            dataIndex: 'recognisedOn',
            width: 140,
            render: (v: string, e) => (
              <div>
                <div>{cnDate(v)}</div>
                {e.recognisedByName && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.recognisedByName}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { title: '月人均收入', dataIndex: 'perCapitaIncomeFen', width: 120, align: 'right', render: (v: number) => money(v) },
          {
            title: '标准 × 倍数',
            key: 'line',
            width: 160,
            render: (_, e) => (
              <div>
                <div>{edgeLineText(e)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {HUKOU_TYPES[e.hukouType]}低保标准
                </Typography.Text>
              </div>
            ),
          },
          {
            title: '来源',
            key: 'source',
            width: 220,
            render: (_, e) => (
              <div>
                <div>{e.sourceName}</div>
                {e.sourceCaseId && (
                  <Link to={view.link(`/assistance/cases/${e.sourceCaseId}`)} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                    {e.sourceCaseNo ?? '查看案件'}
                  </Link>
                )}
              </div>
            ),
          },
        ]}
      />

      <ModalForm<RecogniseValues>
        name="edgeFamily"
        open={recognising}
        title="认定低保边缘家庭"
        okText="认定"
        width={1040}
        initialValues={{ recognisedOn: today(), incomes: [], deductions: [], property: {} }}
        intro={
          <Typography.Paragraph type="secondary">
            按家庭全体共同生活成员的收入、财产测算：月人均收入不低于低保标准且低于标准的规定倍数、财产符合规定的，认定为低保边缘家庭；是否符合以测算结果为准。
          </Typography.Paragraph>
        }
        onClose={() => setRecognising(false)}
        onSubmit={async (v) => {
          const saved = await recognise.mutateAsync(toEdgeFamilyBody(v));
          setRecognising(false);
          message.success(`已认定 ${saved.headName} 户为低保边缘家庭，有效期至${cnDate(saved.validUntil)}`);
        }}
      >
        <RecogniseFields regionCode={view.code} />
      </ModalForm>

      <EndRecognitionDialog<EdgeFamilySummary>
        name="edgeFamilyEnd"
        registerName="低保边缘家庭"
        ending={ending}
        intro={(e) => (
          <Typography.Paragraph type="secondary">
            {e.sourceName}，{cnDate(e.recognisedOn)}认定，有效期至{cnDate(e.validUntil)}。家庭情况发生变化不再符合条件的，写明原因后终止。
          </Typography.Paragraph>
        )}
        reasonPlaceholder="如：家庭成员就业，月人均收入已超过边缘家庭标准"
        end={end.mutateAsync}
        onClose={() => setEnding(null)}
        onEnded={(text) => message.success(text)}
      />
    </PageShell>
  );
}

/** The 认定 form's fields: household, standard, date, economic situation, with the live trial beside them. */
function RecogniseFields({ regionCode }: { regionCode: string }) {
  const form = Form.useFormInstance<RecogniseValues>();
  const values = (Form.useWatch((v: RecogniseValues) => v, form) ?? {}) as RecogniseValues;
  const household = useHousehold(values.householdId);
  const members = useMemo(() => livingMembers(household.data), [household.data]);

  // A newly chosen household: its head's 户籍类型 picks the standard, and the last household's rows go.
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    const h = household.data;
    if (!h || last.current === h.id) return;
    last.current = h.id;
    const head = h.head ?? h.members[0]?.person;
    form.setFieldsValue({ hukouType: head?.hukouType, incomes: [], deductions: [] });
  }, [household.data]);

  const request = edgePreviewBody(values, household.data, todayInShanghai());

  return (
    <Row gutter={16} wrap>
      <Col xs={24} lg={15}>
        <Form.Item name="householdId" label="家庭" rules={[{ required: true, message: '请选择家庭' }]}>
          <HouseholdPicker regionCode={regionCode} />
        </Form.Item>
        {household.error && <ProblemAlert error={household.error} />}
        {household.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {household.data.regionName} {household.data.address}，共同生活成员 {members.length} 人：{members.map((m) => m.name).join('、')}
          </Typography.Paragraph>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="hukouType" label="户籍类型" rules={[{ required: true, message: '请选择户籍类型' }]} extra="决定适用城市还是农村低保标准">
              <Radio.Group options={optionsOf(HUKOU_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="recognisedOn" label="认定日期" rules={[{ required: true, message: '请选择认定日期' }]}>
              <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <EconomicsFields programme="dibao" members={members} economicsOnly />
        <Form.Item name="note" label="备注（可不填）">
          <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：入户走访发现" />
        </Form.Item>
      </Col>
      <Col xs={24} lg={9}>
        <div style={{ position: 'sticky', top: 0 }}>
          <EdgePreview request={request} />
        </div>
      </Col>
    </Row>
  );
}

/** 试算: POST /assistance/calculate (低保) with what the form holds; says whether the household is a 边缘家庭. */
function EdgePreview({ request }: { request: CalculateBody | null }) {
  // Compare by content, and wait for typing to pause before asking the server.
  const key = JSON.stringify(request);
  const debouncedKey = useDebounced(key, 400);
  const body = useMemo(() => JSON.parse(debouncedKey) as CalculateBody | null, [debouncedKey]);
  const calc = useCalculation(body);
  const stale = key !== debouncedKey || calc.isFetching;
  const b = calc.data;
  const verdict = b ? edgeVerdict(b) : null;

  return (
    <Card size="small" title="试算" data-testid="edge-preview">
      {!request ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请先选择家庭和户籍类型，即可试算是否属于低保边缘家庭" />
      ) : (
        <Spin spinning={stale} delay={200}>
          {calc.error && <ProblemAlert error={calc.error} />}
          {b && verdict && !calc.error && (
            <>
              <Alert
                type={verdict.kind === 'edge' ? 'success' : 'warning'}
                showIcon
                style={{ marginBottom: 8 }}
                title={<span data-testid="edge-verdict">{verdict.text}</span>}
                description={
                  verdict.reasons.length ? (
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {verdict.reasons.map((r, i) => (
                        <li key={i}>{r}</li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  { key: 'income', label: '家庭月人均收入', children: money(b.perCapitaIncomeFen) },
                  { key: 'line', label: '低保标准 × 倍数', children: edgeLineText(b) },
                  ...(b.householdSize != null ? [{ key: 'size', label: '家庭人数', children: `${b.householdSize} 人` }] : []),
                  {
                    key: 'result',
                    label: '是否边缘家庭',
                    children: b.edgeFamily ? <Tag color="blue">是</Tag> : <Tag>否</Tag>,
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                试算结果仅供参考，提交认定时按同样的规则重新测算。
              </Typography.Paragraph>
            </>
          )}
        </Spin>
      )}
    </Card>
  );
}
