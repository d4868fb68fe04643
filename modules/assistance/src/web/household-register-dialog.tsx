import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Select, Typography } from 'antd';
import { HUKOU_TYPES } from '@mz/registry';
import { ModalForm, RegionCascader, useMe } from '@mz/ui';
import { useRegistryCalls, useRelationCodes, type HouseholdDetail } from './assistance.api.ts';
import { HEAD_RELATION, registerHousehold, type HouseholdDraft } from './household-register.ts';
import { optionsOf } from './labels.ts';

interface Props {
  open: boolean;
  /** The village the page is looking at, if it is one: the likely place of the family. */
  defaultRegionCode?: string;
  onClose: () => void;
  onRegistered: (household: HouseholdDetail) => void;
}

const HUKOU_OPTIONS = optionsOf(HUKOU_TYPES);

/**
 * 登记新家庭 without leaving the application: the family is registered in the population
 * registry (persons, then the household) and chosen on the intake form, which keeps everything
 * already typed. Field errors of the registry land on the row they concern.
 */
export function HouseholdRegisterDialog({ open, defaultRegionCode, onClose, onRegistered }: Props) {
  const me = useMe();
  const calls = useRegistryCalls();
  const codes = useRelationCodes();
  const relationOptions = (codes.data?.relations ?? []).filter((r) => r.code !== HEAD_RELATION).map((r) => ({ value: r.code, label: r.name }));
  const village = defaultRegionCode && !defaultRegionCode.endsWith('000') ? defaultRegionCode : undefined;

  return (
    <ModalForm<HouseholdDraft>
      name="register-household"
      open={open}
      title="登记新家庭"
      okText="登记并选择该家庭"
      width={880}
      initialValues={{ regionCode: village, people: [{ hukouType: undefined }] }}
      intro={
        <Typography.Paragraph type="secondary">
          在人口与家庭基础库中登记家庭成员和家庭，登记后自动选为申请家庭，已填写的申请内容保留。第一行为户主；性别、出生日期由身份证号确定，其他信息可在人口库中补充。
        </Typography.Paragraph>
      }
      onClose={onClose}
      onSubmit={async (draft) => onRegistered(await registerHousehold(draft, calls))}
    >
      {(form) => (<>
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Form.Item name="regionCode" label="所在村（社区）" required rules={[{ required: true, message: '请选择家庭所在村（社区）' }]}>
            <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item name="address" label="家庭住址" rules={[{ required: true, whitespace: true, message: '请填写家庭住址' }]}>
            <Input maxLength={200} placeholder="街路巷、门牌号、楼栋单元室" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>家庭成员</Typography.Text>
      <Form.List name="people">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} align="top" wrap={false}>
                <Col flex="200px">
                  <Form.Item name={[field.name, 'idNumber']} rules={[{ required: true, whitespace: true, message: '请填写身份证号' }]}>
                    <Input maxLength={18} placeholder="身份证号" aria-label={`第 ${i + 1} 行身份证号`} style={{ fontFamily: 'monospace' }} />
                  </Form.Item>
                </Col>
                <Col flex="120px">
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                    <Input maxLength={50} placeholder="姓名" aria-label={`第 ${i + 1} 行姓名`} />
                  </Form.Item>
                </Col>
                <Col flex="150px">
                  {i === 0 ? (
                    <Form.Item>
                      <Input value="户主" disabled aria-label="第 1 行与户主关系" />
                    </Form.Item>
                  ) : (
                    <Form.Item name={[field.name, 'relation']} rules={[{ required: true, message: '请选择与户主关系' }]}>
                      <Select
                        placeholder="与户主关系"
                        aria-label={`第 ${i + 1} 行与户主关系`}
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={codes.isPending}
                        options={relationOptions}
                      />
                    </Form.Item>
                  )}
                </Col>
                <Col flex="110px">
                  <Form.Item name={[field.name, 'hukouType']} rules={[{ required: true, message: '请选择户籍类型' }]}>
                    <Select placeholder="户籍类型" aria-label={`第 ${i + 1} 行户籍类型`} options={HUKOU_OPTIONS} />
                  </Form.Item>
                </Col>
                <Col flex="auto">
                  <Form.Item name={[field.name, 'phone']}>
                    <Input maxLength={20} placeholder="联系电话（选填）" aria-label={`第 ${i + 1} 行联系电话`} />
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  {i > 0 && <Button type="text" icon={<MinusCircleOutlined />} aria-label={`移除第 ${i + 1} 行`} onClick={() => remove(field.name)} />}
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              // Families mostly share one 户籍类型: the head's is the likely one.
              onClick={() => add({ hukouType: form.getFieldValue(['people', 0, 'hukouType']) })}
              block
            >
              添加家庭成员
            </Button>
          </div>
        )}
      </Form.List>
      </>)}
    </ModalForm>
  );
}
