import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import {
  applyFieldErrors,
  isApiError,
  PageShell,
  ProblemAlert,
  RegionCascader,
  useMe,
  useSession,
  useViewRegion,
  type FieldError,
} from '@mz/ui';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { HukouRegionField } from './hukou-region-field.tsx';
import { idNumberHint } from './id-number-hint.ts';
import {
  DISABILITY_CATEGORY_OPTIONS,
  DISABILITY_GRADE_OPTIONS,
  EDUCATION_SUGGESTIONS,
  EMPLOYMENT_SUGGESTIONS,
  HUKOU_TYPE_OPTIONS,
  MARITAL_OPTIONS,
  PERSON_STATUS_OPTIONS,
  sexLabel,
} from './labels.ts';
import { formValuesFromPerson, toCreateBody, toPatchBody, type PersonFormValues } from './person-form.values.ts';
import { useCodes, useCreatePerson, usePerson, useRevealPerson, useUpdatePerson, type PersonDetail } from './registry.api.ts';

/** Mirrors `personInput` so the clerk hears about a bad number before sending. */
const PHONE_RULE = { pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '联系电话应为 11 位手机号或带区号的固定电话' };
const BANK_ACCOUNT_RULE = { pattern: /^[\d\s-]{8,40}$/, message: '银行账号应为 8–30 位数字' };

const col = { xs: 24, md: 12, xl: 8, xxl: 6 };
const wide = { xs: 24, md: 24, xl: 16, xxl: 12 };

function Section({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} styles={{ body: { paddingBottom: 0 } }}>
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}

/** A form value shown as text (derived from the ID number); still a Form.Item, so field errors land on it. */
function Derived({ value, render }: { value?: unknown; render: (v: unknown) => ReactNode }) {
  return (
    <div style={{ minHeight: 32, lineHeight: '32px', paddingInline: 11, background: '#f5f5f5', borderRadius: 6, color: value ? undefined : '#999' }}>
      {value ? render(value) : '根据身份证号自动识别'}
    </div>
  );
}

/** 新增人员 (/registry/persons/new) and 编辑人员 (/registry/persons/:id/edit). */
export function PersonFormPage() {
  const { id } = useParams();
  const person = usePerson(id);
  const navigate = useNavigate();
  const view = useViewRegion();

  const back = () => navigate(view.link(id ? `/registry/persons/${id}` : '/registry/persons'));
  const title = id ? `编辑人员${person.data ? `：${person.data.name}` : ''}` : '新增人员';
  const breadcrumb = [
    { title: '人员查询', onClick: () => navigate(view.link('/registry/persons')) },
    ...(id && person.data ? [{ title: person.data.name, onClick: back }] : []),
    { title: id ? '编辑' : '新增' },
  ];

  return (
    <PageShell title={title} breadcrumb={breadcrumb} description="带 * 的为必填项；性别和出生日期由身份证号自动识别">
      {id && person.error ? (
        <div className="mz-panel">
          <ProblemAlert error={person.error} />
        </div>
      ) : id && !person.data ? (
        <div className="mz-panel">
          <Skeleton active />
        </div>
      ) : (
        <PersonForm key={`${id ?? 'new'}:${person.data?.version ?? ''}`} person={person.data} onDone={back} onReload={() => person.refetch()} />
      )}
    </PageShell>
  );
}

interface PersonFormProps {
  person: PersonDetail | undefined;
  onDone: () => void;
  onReload: () => void;
}

function PersonForm({ person, onDone, onReload }: PersonFormProps) {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const codes = useCodes();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const reveal = useRevealPerson();
  const mutation = person ? update : create;
  const [form] = Form.useForm<PersonFormValues>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [upgraded, setUpgraded] = useState(false);

  /** What the form started from; masked until the full record is loaded. */
  const [base, setBase] = useState<{ values: PersonFormValues; maskedStart: boolean }>(() => ({
    values: person
      ? formValuesFromPerson(person)
      : { status: 'alive', regionCode: view.code, sex: null, birthDate: null },
    maskedStart: !!person,
  }));

  useEffect(() => {
    form.setFieldsValue(base.values);
  }, [base]);

  const status = Form.useWatch('status', form);
  const birthDate = Form.useWatch('birthDate', form);
  const age = useMemo(() => (birthDate ? dayjs().diff(dayjs(birthDate), 'year') : undefined), [birthDate]);
  const conflict = isApiError(update.error) && update.error.code === 'VERSION_CONFLICT';

  /** On leaving the ID field: read sex and birth date from it, or say what is wrong. */
  const onIdBlur = () => {
    const raw = form.getFieldValue('idNumber') as string | undefined;
    const hint = idNumberHint(raw);
    if (!hint) {
      setUpgraded(false);
      if (!person) form.setFieldsValue({ sex: null, birthDate: null });
      return;
    }
    if (!hint.ok) {
      setUpgraded(false);
      form.setFields([{ name: 'idNumber', errors: [hint.message] }]);
      return;
    }
    setUpgraded(hint.upgradedFrom15);
    form.setFields([
      { name: 'idNumber', value: hint.idNumber, errors: [] },
      { name: 'sex', value: hint.sex, errors: [] },
      { name: 'birthDate', value: hint.birthDate, errors: [] },
    ]);
  };

  const onFinish = async (raw: PersonFormValues) => {
    setUnmatched([]);
    // Enter may submit before the ID field lost focus: derive again.
    const hint = idNumberHint(raw.idNumber);
    const v: PersonFormValues = hint?.ok ? { ...raw, idNumber: hint.idNumber, sex: hint.sex, birthDate: hint.birthDate } : raw;
    try {
      if (person) {
        const body = toPatchBody(base.values, v, person.version, { maskedStart: base.maskedStart });
        if (!body) {
          message.info('没有修改任何内容');
          return;
        }
        const saved = await update.mutateAsync({ id: person.id, body });
        message.success(`已保存 ${saved.name}`);
        onDone();
      } else {
        const saved = await create.mutateAsync(toCreateBody(v));
        message.success(`已登记 ${saved.name}`);
        navigate(view.link(`/registry/persons/${saved.id}`), { replace: true });
      }
    } catch (err) {
      const { unmatched: rest } = applyFieldErrors(form, err);
      if (isApiError(err) && err.code === 'DUPLICATE_ID') {
        form.setFields([{ name: 'idNumber', errors: [err.detail ?? '该身份证号已登记'] }]);
      }
      setUnmatched(rest);
    }
  };

  const loadFull = () =>
    reveal.mutate(person!.id, {
      onSuccess: (full) => {
        setBase({ values: formValuesFromPerson(full), maskedStart: false });
        message.success('已载入完整信息（本次查看已记录审计）');
      },
      onError: (err) => message.error(isApiError(err) ? (err.detail ?? err.title) : '载入失败'),
    });

  const masked = base.maskedStart && person;
  const keepHint = (shown: string | null | undefined) => (masked ? `当前：${shown ?? '未填写'}，不修改请留空` : undefined);

  return (
    <Form<PersonFormValues>
      name="person"
      form={form}
      layout="vertical"
      onFinish={onFinish}
      autoComplete="off"
      initialValues={base.values}
      scrollToFirstError
      requiredMark
    >
      <div className="mz-page-body">
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            title="数据已被他人修改，请刷新后重试"
            description="您打开此页面后，这条记录已被其他人保存。刷新会载入最新内容，您在本页的修改需要重新填写。"
            action={
              <Button icon={<ReloadOutlined />} onClick={onReload}>
                刷新
              </Button>
            }
          />
        ) : (
          mutation.error && <ProblemAlert error={mutation.error} fieldErrors={unmatched} style={{ marginBottom: 0 }} />
        )}
        {masked && (
          <Alert
            type="info"
            showIcon
            title="身份证号、联系电话、银行账号和健康状况已脱敏，留空表示不修改"
            action={
              can('person.read_full') && (
                <Popconfirm title="载入完整信息？" description="查看将被记录审计" okText="载入" onConfirm={loadFull}>
                  <Button size="small" loading={reveal.isPending}>
                    载入完整信息
                  </Button>
                </Popconfirm>
              )
            }
          />
        )}

        <Section title="基本信息">
          <Col {...col}>
            <Form.Item
              name="idNumber"
              label="身份证号"
              validateTrigger="onBlur"
              extra={upgraded ? '已由 15 位旧号码升级为 18 位' : keepHint(person?.idNumberMasked)}
              rules={[
                { required: !masked, whitespace: true, message: '请输入身份证号' },
                {
                  validator: (_r, value: string | undefined) => {
                    const hint = idNumberHint(value);
                    return hint && !hint.ok ? Promise.reject(new Error(hint.message)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input maxLength={20} autoFocus={!person} onBlur={onIdBlur} placeholder={masked ? person?.idNumberMasked : '18 位或 15 位'} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4} xxl={3}>
            <Form.Item name="sex" label="性别">
              <Derived render={(v) => sexLabel(v as string)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4} xxl={3}>
            <Form.Item name="birthDate" label="出生日期" extra={age !== undefined ? `${age} 周岁` : undefined}>
              <Derived render={(v) => String(v)} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="ethnicity" label="民族">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={codes.isPending}
                placeholder="请选择"
                options={(codes.data?.ethnicities ?? []).map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="phone" label="联系电话" rules={[PHONE_RULE]} extra={keepHint(person?.phoneMasked)}>
              <Input maxLength={20} placeholder={masked ? (person?.phoneMasked ?? undefined) : '手机号或固定电话'} />
            </Form.Item>
          </Col>
        </Section>

        <Section title="户籍">
          <Col {...col}>
            <Form.Item name="hukouRegionCode" label="户籍地区划" rules={[{ required: true, message: '请选择户籍地区划' }]}>
              <HukouRegionField />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="hukouType" label="户籍类型" rules={[{ required: true, message: '请选择户籍类型' }]}>
              <Select options={HUKOU_TYPE_OPTIONS} placeholder="请选择" />
            </Form.Item>
          </Col>
        </Section>

        <Section title="现居住">
          <Col {...col}>
            <Form.Item name="regionCode" label="现居住地区划" rules={[{ required: true, message: '请选择现居住地区划' }]}>
              <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...wide}>
            <Form.Item name="address" label="现居住地址">
              <Input maxLength={200} placeholder="街路巷、门牌号、楼栋单元室" />
            </Form.Item>
          </Col>
        </Section>

        <Section title="残疾">
          <Col {...col}>
            <Form.Item name="disabilityCertNo" label="残疾证号">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="disabilityCategory" label="残疾类别">
              <Select allowClear options={DISABILITY_CATEGORY_OPTIONS} placeholder="无" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="disabilityGrade"
              label="残疾等级"
              dependencies={['disabilityCategory']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v) =>
                    v && !getFieldValue('disabilityCategory') ? Promise.reject(new Error('填写残疾等级时须同时填写残疾类别')) : Promise.resolve(),
                }),
              ]}
            >
              <Select allowClear options={DISABILITY_GRADE_OPTIONS} placeholder="无" />
            </Form.Item>
          </Col>
        </Section>

        <Section title="婚姻、文化与就业">
          <Col {...col}>
            <Form.Item name="maritalStatus" label="婚姻状况">
              <Select allowClear options={MARITAL_OPTIONS} placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="education" label="文化程度">
              <AutoComplete options={EDUCATION_SUGGESTIONS} maxLength={20} placeholder="可选择或输入" allowClear />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="employment" label="就业状况">
              <AutoComplete options={EMPLOYMENT_SUGGESTIONS} maxLength={50} placeholder="可选择或输入" allowClear />
            </Form.Item>
          </Col>
        </Section>

        <Section title="健康状况">
          <Col span={24}>
            <Form.Item name="healthNotes" label="健康状况" extra={masked ? '不修改请留空' : undefined}>
              <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={masked ? '已隐藏（敏感信息）' : '慢性病、重大疾病、失能情况等'} />
            </Form.Item>
          </Col>
        </Section>

        <Section title="银行账户">
          <Col {...col}>
            <Form.Item
              name="bankName"
              label="开户银行"
              dependencies={['bankAccount']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v) =>
                    !v?.trim() && getFieldValue('bankAccount')?.trim() ? Promise.reject(new Error('填写银行账号时须同时填写开户银行')) : Promise.resolve(),
                }),
              ]}
            >
              <Input maxLength={50} placeholder="如 中国农业银行长春分行" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="bankAccount" label="银行账号" rules={[BANK_ACCOUNT_RULE]} extra={keepHint(person?.bankAccountMasked)}>
              <Input maxLength={40} placeholder={masked ? (person?.bankAccountMasked ?? undefined) : undefined} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="bankHolder" label="账户持有人">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Section>

        <Section title="人员状态">
          <Col {...col}>
            <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择人员状态' }]}>
              <Select options={PERSON_STATUS_OPTIONS} />
            </Form.Item>
          </Col>
          {status === 'deceased' && (
            <Col {...col}>
              <Form.Item name="deathDate" label="死亡日期" rules={[{ required: true, message: '人员状态为死亡时必须填写死亡日期' }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
          )}
        </Section>

        <div className="mz-panel" style={{ position: 'sticky', bottom: 0, zIndex: 2, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              保存
            </Button>
            <Button onClick={onDone}>取消</Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              按 Enter 保存
            </Typography.Text>
          </Space>
        </div>
      </div>
    </Form>
  );
}
