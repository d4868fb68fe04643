import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Tag, Typography } from 'antd';
import { RIGID_SPENDING_KINDS, type RigidFamilySummary } from '@mz/assistance';
import { HUKOU_TYPES } from '@mz/registry';
import { ModalForm, PageShell, useMe } from '@mz/ui';
import { useState } from 'react';
import { useEndRigidFamily, useRecogniseRigidFamily, useRigidFamilies } from './assistance.api.ts';
import { EndRecognitionDialog, RegisterFilters, RegisterTable, today, useRegisterQuery } from './family-register-view.tsx';
import { cnDate, money } from './format.ts';
import { DATE_FORMATS, optionsOf } from './labels.ts';
import { MoneyInput } from './money-input.tsx';
import { HouseholdPicker } from './pickers.tsx';
import { mayRecogniseRigid, toRigidFamilyBody, type RigidValues } from './rigid-families.ts';

/**
 * 刚性支出困难家庭 (刚性支出困难家庭认定办法, 2025): households outside 低保, 特困 and 低保边缘 whose
 * per-capita income is below last year's local per-capita disposable income and whose rigid
 * spending (medical, schooling, rehabilitation …) in the 12 months before applying exceeds the
 * locally set share of their income. The county recognises; a recognition stands at most 12 months.
 */
export function RigidFamiliesPage() {
  const me = useMe();
  const { message } = App.useApp();
  const register = useRegisterQuery();
  const families = useRigidFamilies(register.query);
  const [recognising, setRecognising] = useState(false);
  const [ending, setEnding] = useState<RigidFamilySummary | null>(null);
  const recognise = useRecogniseRigidFamily();
  const end = useEndRigidFamily();
  // The county both recognises and ends (第八条), so one rule offers both.
  const decides = mayRecogniseRigid(me);

  return (
    <PageShell
      title="刚性支出困难家庭"
      description="未纳入低保、特困、低保边缘，家庭人均收入低于上年度当地居民人均可支配收入，申请前12个月刚性支出超过家庭总收入规定比例的家庭（刚性支出困难家庭认定办法第四条）"
      extra={
        decides && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecognising(true)}>
            认定刚性支出困难家庭
          </Button>
        )
      }
    >
      <RegisterFilters register={register} />

      <RegisterTable<RigidFamilySummary>
        register={register}
        result={families}
        scrollX={1400}
        emptyText="没有符合条件的刚性支出困难家庭"
        onEnd={decides ? setEnding : undefined}
        columns={[
          { title: '12个月收入', dataIndex: 'annualIncomeFen', width: 130, align: 'right', render: (v: number) => money(v) },
          {
            title: '刚性支出',
            dataIndex: 'spendingFen',
            width: 150,
            align: 'right',
            render: (v: number, e) => (
              <div>
                <div>{money(v)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  超过收入的 {e.spendingShare} 倍
                </Typography.Text>
              </div>
            ),
          },
          {
            title: '受理 / 认定',
            key: 'dates',
            width: 180,
            render: (_, e) => (
              <div>
                <div>
                  {cnDate(e.appliedOn)} / {cnDate(e.recognisedOn)}
                </div>
                {e.decidedLate ? (
                  <Tag color="red">超过认定时限（应于{cnDate(e.decisionDueOn)}前）</Tag>
                ) : (
                  e.recognisedByName && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.recognisedByName}
                    </Typography.Text>
                  )
                )}
              </div>
            ),
          },
        ]}
      />

      <ModalForm<RigidValues>
        name="rigidFamily"
        open={recognising}
        title="认定刚性支出困难家庭"
        okText="认定"
        width={880}
        initialValues={{ recognisedOn: today(), spending: [{ kind: 'medical' }], property: {} }}
        intro={
          <Typography.Paragraph type="secondary">
            按申请前12个月的家庭总收入、刚性支出和家庭财产测算；医疗费用填写扣除各类保险和救助后的自付部分，教育费用按公办学校标准填写。县级民政部门应在受理之日起30个工作日内认定（第八条）。是否符合以测算结果为准。
          </Typography.Paragraph>
        }
        onClose={() => setRecognising(false)}
        onSubmit={async (v) => {
          const saved = await recognise.mutateAsync(toRigidFamilyBody(v));
          setRecognising(false);
          message.success(`已认定 ${saved.headName} 户为刚性支出困难家庭，有效期至${cnDate(saved.validUntil)}`);
        }}
      >
        <Form.Item name="householdId" label="家庭" rules={[{ required: true, message: '请选择家庭' }]}>
          <HouseholdPicker regionCode={register.view.code} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="hukouType" label="户籍类型" rules={[{ required: true, message: '请选择户籍类型' }]} extra="决定适用城镇还是农村人均可支配收入">
              <Radio.Group options={optionsOf(HUKOU_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="appliedOn" label="受理日期" rules={[{ required: true, message: '请选择乡镇（街道）受理日期' }]}>
              <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="recognisedOn" label="认定日期" rules={[{ required: true, message: '请选择认定日期' }]}>
              <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="annualIncomeFen" label="申请前12个月家庭总收入（元）" rules={[{ required: true, message: '请填写家庭总收入' }]}>
          <MoneyInput style={{ width: 240 }} />
        </Form.Item>
        <Typography.Text strong>申请前12个月刚性支出</Typography.Text>
        <Form.List name="spending">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, i) => (
                <Row key={field.key} gutter={8} wrap={false} align="top">
                  <Col flex="260px">
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择支出类别' }]}>
                      <Select placeholder="支出类别" aria-label={`第 ${i + 1} 项支出类别`} options={optionsOf(RIGID_SPENDING_KINDS)} />
                    </Form.Item>
                  </Col>
                  <Col flex="180px">
                    <Form.Item name={[field.name, 'annualFen']} rules={[{ required: true, message: '请填写金额' }]}>
                      <MoneyInput placeholder="金额（元）" aria-label={`第 ${i + 1} 项支出金额`} />
                    </Form.Item>
                  </Col>
                  <Col flex="auto">
                    <Form.Item name={[field.name, 'note']}>
                      <Input maxLength={200} placeholder="说明（选填），如：住院自付、康复训练" />
                    </Form.Item>
                  </Col>
                  <Col flex="32px">
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={`移除第 ${i + 1} 项支出`} onClick={() => remove(field.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block style={{ marginBottom: 16 }}>
                添加支出项目
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Text strong>家庭财产</Typography.Text>
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col xs={12} md={8}>
            <Form.Item name={['property', 'depositsFen']} label="存款（元）">
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name={['property', 'securitiesFen']} label="有价证券（元）">
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name={['property', 'vehicleValueFen']} label="机动车辆价值（元）">
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={8} md={8}>
            <Form.Item name={['property', 'vehicleCount']} label="机动车辆（辆）">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={8}>
            <Form.Item name={['property', 'houseCount']} label="住房（套）">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={8}>
            <Form.Item name={['property', 'businessCount']} label="市场主体（个）">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label="备注（可不填）">
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </ModalForm>

      <EndRecognitionDialog<RigidFamilySummary>
        name="rigidFamilyEnd"
        registerName="刚性支出困难家庭"
        ending={ending}
        reasonPlaceholder="如：医疗支出已由大病保险报销，不再符合条件"
        end={end.mutateAsync}
        onClose={() => setEnding(null)}
        onEnded={(text) => message.success(text)}
      />
    </PageShell>
  );
}
