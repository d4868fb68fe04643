import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import {
  DEDUCTION_KINDS, DIBAO_CATEGORIES, DIBAO_EXEMPT_INCOME, INCOME_KINDS, OBLIGOR_AUTHORIZATION_EXEMPT, OBLIGOR_CIRCUMSTANCES, SINGLE_PERSON_REASONS,
  TEKUN_EXEMPT_INCOME,
  type IncomeKind,
} from '@mz/assistance';
import type { ReactNode } from 'react';
import { optionsOf } from './labels.ts';
import { MoneyInput, moneyRule } from './money-input.tsx';

export interface MemberOption {
  personId: string;
  name: string;
}

type Path = (string | number)[];

interface Props {
  programme: 'dibao' | 'tekun';
  members: readonly MemberOption[];
  /** Where the fields sit in the form: [] for the application, ['data'] in the 录入家庭经济状况 dialog. */
  prefix?: Path;
  /**
   * Incomes, deductions and property only: a 低保边缘家庭 recognition tests the whole household,
   * so there are no covered members to choose and no 分类施保.
   */
  economicsOnly?: boolean;
}

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 12 }} styles={{ body: { paddingBottom: 4 } }}>
      {children}
    </Card>
  );
}

/** 收入类型 grouped by whether the programme counts it, so the clerk sees the consequence when choosing. */
function incomeOptions(programme: 'dibao' | 'tekun') {
  const exempt: ReadonlySet<IncomeKind> = programme === 'tekun' ? TEKUN_EXEMPT_INCOME : DIBAO_EXEMPT_INCOME;
  const all = Object.entries(INCOME_KINDS) as [IncomeKind, string][];
  return [
    { label: '计入家庭收入', title: '计入', options: all.filter(([k]) => !exempt.has(k)).map(([value, label]) => ({ value, label })) },
    { label: '不计入家庭收入', title: '不计入', options: all.filter(([k]) => exempt.has(k)).map(([value, label]) => ({ value, label: `${label}（不计入）` })) },
  ];
}

const RELATION_SUGGESTIONS = ['配偶', '子女', '父母', '兄弟姐妹', '祖父母、外祖父母', '孙子女、外孙子女'].map((value) => ({ value }));

/**
 * The economic part of an application, shared by the 救助申请 form and the 录入家庭经济状况 step:
 * 低保 covered members (单人保), incomes per member, deductions, property and 分类施保;
 * 特困 obligors, incomes and property. Money is typed in 元 and held in fen.
 */
export function EconomicsFields({ programme, members, prefix = [], economicsOnly = false }: Props) {
  const n = (...p: Path): Path => [...prefix, ...p];
  const memberOptions = members.map((m) => ({ value: m.personId, label: m.name }));
  const whose = [{ value: '', label: '家庭共有' }, ...memberOptions];
  const form = Form.useFormInstance();
  const singleOn = Form.useWatch(n('singlePersonOn'), form) as boolean | undefined;

  return (
    <>
      {programme === 'dibao' && !economicsOnly && (
        <Section title="保障对象">
          <Form.Item
            name={n('coveredPersonIds')}
            label="申请保障的家庭成员"
            hidden={!!singleOn}
            rules={[{ required: !singleOn, type: 'array', min: 1, message: '至少选择一名保障对象' }]}
            extra={
              memberOptions.length
                ? '共同生活的家庭成员的收入和财产都计入；未勾选的成员不享受低保金'
                : '选择申请家庭后，在这里勾选保障对象'
            }
          >
            <Checkbox.Group options={memberOptions} />
          </Form.Item>
          <Form.Item name={n('singlePersonOn')} label="单人保" valuePropName="checked" extra="低保边缘家庭中的重度残疾人、重病患者等可单独申请（低保办法第八条）">
            <Switch checkedChildren="单人保" unCheckedChildren="否" />
          </Form.Item>
          {singleOn && (
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={n('singlePerson', 'personId')} label="单人保对象" rules={[{ required: true, message: '请选择单人保对象' }]}>
                  <Select options={memberOptions} placeholder="选择家庭成员" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name={n('singlePerson', 'reason')} label="单人保事由" rules={[{ required: true, message: '请选择单人保事由' }]}>
                  <Select options={optionsOf(SINGLE_PERSON_REASONS)} popupMatchSelectWidth={false} />
                </Form.Item>
              </Col>
            </Row>
          )}
        </Section>
      )}

      {programme === 'tekun' && (
        <Section title="法定赡养、抚养、扶养义务人">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            逐一登记义务人及其情形；有履行能力的义务人存在时不能认定为特困人员（特困办法第八条）。没有义务人的不必填写。
          </Typography.Paragraph>
          <Form.List name={n('obligors')}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写义务人姓名' }]} style={{ width: 130 }}>
                      <Input placeholder="姓名" maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'relation']} rules={[{ required: true, whitespace: true, message: '请填写关系' }]} style={{ width: 150 }}>
                      <AutoComplete options={RELATION_SUGGESTIONS} placeholder="与申请人关系" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'circumstance']} rules={[{ required: true, message: '请选择义务人情形' }]} style={{ width: 360 }}>
                      <Select options={optionsOf(OBLIGOR_CIRCUMSTANCES)} placeholder="义务人情形" popupMatchSelectWidth={560} />
                    </Form.Item>
                    {/* 特困办法第十条: obligors authorise the economic checks too (not one who cannot sign). */}
                    <Form.Item
                      name={[field.name, 'authorizationSigned']}
                      valuePropName="checked"
                      dependencies={[n('obligors', field.name, 'circumstance')]}
                      rules={[({ getFieldValue }) => ({
                        validator: async (_: unknown, v: boolean | undefined) => {
                          if (v !== true && !OBLIGOR_AUTHORIZATION_EXEMPT.has(getFieldValue(n('obligors', field.name, 'circumstance')))) {
                            throw new Error('请确认义务人已签署核对授权书');
                          }
                        },
                      })]}
                    >
                      <Checkbox>已签核对授权书</Checkbox>
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除义务人" onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                  添加义务人
                </Button>
              </>
            )}
          </Form.List>
        </Section>
      )}

      <Section title="月收入">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {programme === 'tekun'
            ? '逐项填写本人申请前12个月的月平均收入；基础养老金、优待抚恤金、高龄津贴等不计入（特困办法第六条）。'
            : '按成员逐项填写申请前12个月的月平均收入；优待抚恤金、奖学金、各类社会救助款物等不计入（低保办法第十三条）。'}
        </Typography.Paragraph>
        <Form.List name={n('incomes')}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'personId']} style={{ width: 130 }}>
                    <Select options={whose} placeholder="所属成员" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择收入类型' }]} style={{ width: 260 }}>
                    <Select options={incomeOptions(programme)} placeholder="收入类型" popupMatchSelectWidth={360} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'monthlyFen']} required rules={[moneyRule('月收入')]}>
                    <MoneyInput placeholder="月收入" aria-label="月收入" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} style={{ width: 180 }}>
                    <Input placeholder="说明（可不填）" maxLength={200} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除收入" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: members[0]?.personId ?? '' })} style={{ marginBottom: 12 }}>
                添加收入
              </Button>
            </>
          )}
        </Form.List>
      </Section>

      {programme === 'dibao' && (
        <Section title="收入扣减">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            因残疾、重病产生的刚性支出，必要的就业成本，个人缴纳的税费、社保费和支付的赡养费等可从收入中扣减。
          </Typography.Paragraph>
          <Form.List name={n('deductions')}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'personId']} style={{ width: 130 }}>
                      <Select options={whose} placeholder="所属成员" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择扣减类型' }]} style={{ width: 260 }}>
                      <Select options={optionsOf(DEDUCTION_KINDS)} placeholder="扣减类型" popupMatchSelectWidth={360} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'monthlyFen']} required rules={[moneyRule('月扣减金额')]}>
                      <MoneyInput placeholder="月扣减金额" aria-label="月扣减金额" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'note']} style={{ width: 180 }}>
                      <Input placeholder="说明（可不填）" maxLength={200} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除扣减" onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: '' })} style={{ marginBottom: 12 }}>
                  添加扣减
                </Button>
              </>
            )}
          </Form.List>
        </Section>
      )}

      <Section title={programme === 'tekun' ? '本人财产' : '家庭财产'}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'depositsFen')} label="存款">
              <MoneyInput style={{ width: '100%' }} aria-label="存款" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'securitiesFen')} label="有价证券、基金、理财等">
              <MoneyInput style={{ width: '100%' }} aria-label="有价证券" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'houseCount')} label="住房（套）">
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'vehicleCount')} label="机动车辆（辆）">
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'vehicleValueFen')} label="机动车辆总价值">
              <MoneyInput style={{ width: '100%' }} aria-label="机动车辆总价值" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={n('property', 'businessCount')} label="登记的市场主体（个）">
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      {programme === 'dibao' && !economicsOnly && (
        <Section title="分类施保">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            保障对象中的老年人、未成年人、重度残疾人、重病患者等按当地标准增发（低保办法第二十七条）。
          </Typography.Paragraph>
          <Form.List name={n('categories')}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'personId']} rules={[{ required: true, message: '请选择成员' }]} style={{ width: 150 }}>
                      <Select options={memberOptions} placeholder="成员" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: '请选择类别' }]} style={{ width: 200 }}>
                      <Select options={optionsOf(DIBAO_CATEGORIES)} placeholder="类别" />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除分类施保" onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                  添加分类施保
                </Button>
              </>
            )}
          </Form.List>
        </Section>
      )}
    </>
  );
}
