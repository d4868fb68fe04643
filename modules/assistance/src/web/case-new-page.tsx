import { ExportOutlined, HomeOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Switch, Table, Tag, Typography,
} from 'antd';
import {
  CARE_MODES, CARE_TIER_DESCRIPTIONS, CARE_TIERS, LINSHI_TYPES, PROGRAMMES, SELF_CARE_ITEMS, selfCareTier, type Programme,
} from '@mz/assistance';
import { parseIdNumber, todayInShanghai } from '@mz/kernel';
import { HUKOU_TYPES, type HouseholdMember } from '@mz/registry';
import { applyFieldErrors, isApiError, PageShell, ProblemAlert, RegionCascader, useMe, useViewRegion, type FieldError } from '@mz/ui';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ALL_SELF_CARE, toApplicationInput, toCalculateBody, type CalcContext, type IntakeValues } from './application.values.ts';
import { useCreateCase, useHousehold, usePerson, useRefreshRegistry, type HouseholdRow, type PersonSummary } from './assistance.api.ts';
import { CalculationPanel } from './calculation-panel.tsx';
import { EconomicsFields } from './economics-fields.tsx';
import { DATE_FORMATS, optionsOf } from './labels.ts';
import { MoneyInput, moneyRule } from './money-input.tsx';
import { HouseholdRegisterDialog } from './household-register-dialog.tsx';
import { HouseholdPicker, PersonPicker } from './pickers.tsx';
import { isProgramme } from './vocab.ts';

const HEAD = '02';

/**
 * Today on the Beijing calendar: the server refuses application dates after it, whatever time zone
 * the clerk's computer is set to.
 */
const today = () => dayjs(todayInShanghai());
const afterToday = (d: dayjs.Dayjs) => d.isAfter(today(), 'day');

/** What the server answers when the ID number given is not in the registry at all. */
const PERSON_NOT_REGISTERED = 'PERSON_NOT_REGISTERED';

/** The 低保 standard the 临时救助 caps are multiples of, for a person whose record the township cannot read. */
const LINSHI_STANDARDS = { urban: '城市', rural: '农村' } as const;

const idNumberRule = {
  validator: async (_: unknown, v: string | undefined) => {
    if (!v || !v.trim()) throw new Error('请填写身份证号');
    const parsed = parseIdNumber(v.trim());
    if (!parsed.ok) throw new Error(parsed.reason);
  },
};

const PROGRAMME_HINTS: Record<Programme, string> = {
  dibao: '以家庭为单位申请，共同生活的家庭成员收入、财产都要申报（低保办法第四条、第七条）',
  tekun: '无劳动能力、无生活来源、无法定义务人或义务人无履行能力的老年人、残疾人、未成年人（特困办法第四条）',
  linshi: '因突发事件、意外伤害、重大疾病等导致基本生活暂时出现严重困难，向急难发生地申请（救助法第三十七条）',
};

/** 救助申请 (/assistance/cases/new?programme=dibao|tekun|linshi). */
export function CaseNewPage() {
  const me = useMe();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const initialProgramme: Programme = isProgramme(params.get('programme')) ? (params.get('programme') as Programme) : 'dibao';
  const [form] = Form.useForm<IntakeValues>();
  const create = useCreateCase();
  const refreshRegistry = useRefreshRegistry();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const topRef = useRef<HTMLDivElement>(null);

  const values = (Form.useWatch((v: IntakeValues) => v, form) ?? {}) as IntakeValues;
  const programme: Programme = values.programme ?? initialProgramme;
  const alone = programme === 'linshi' && values.subjectMode === 'person';
  // 外辖区人员: named by ID number; no household or person is looked up in the registry here.
  const byIdentity = programme === 'linshi' && values.subjectMode === 'identity';
  const household = useHousehold(alone || byIdentity ? undefined : values.householdId);
  const members: HouseholdMember[] = useMemo(
    () => [...(household.data?.members ?? [])].sort((a, b) => Number(b.relation === HEAD) - Number(a.relation === HEAD)),
    [household.data],
  );
  const memberOptions = members.map((m) => ({ personId: m.person.id, name: m.person.name }));
  // The 特困 subject's registry record gives age and disability to the calculator.
  const subjectId = programme === 'tekun' ? values.personId : undefined;
  const subject = usePerson(subjectId);
  const [pickedPerson, setPickedPerson] = useState<PersonSummary | undefined>();
  // 登记新家庭: registered in a dialog over this form, then chosen here (nothing typed is lost).
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<HouseholdRow | undefined>();

  // A newly chosen household: its head applies, everyone is covered, the head's 户籍类型 applies.
  const lastHousehold = useRef<string | undefined>(undefined);
  useEffect(() => {
    const h = household.data;
    if (!h || lastHousehold.current === h.id) return;
    lastHousehold.current = h.id;
    const head = h.members.find((m) => m.relation === HEAD) ?? h.members[0];
    form.setFieldsValue({
      applicantPersonId: head?.person.id,
      coveredPersonIds: h.members.map((m) => m.person.id),
      hukouType: head?.person.hukouType,
      personId: programme === 'tekun' && h.members.length === 1 ? head?.person.id : undefined,
      incidentRegionCode: form.getFieldValue('incidentRegionCode') ?? h.regionCode,
      incomes: [],
      deductions: [],
      categories: [],
      singlePersonOn: false,
      singlePerson: undefined,
    });
  }, [household.data]);

  const ctx: CalcContext = useMemo(() => {
    if (programme === 'tekun') {
      const p = subject.data;
      return {
        regionCode: household.data?.regionCode ?? p?.regionCode,
        age: p?.age,
        hukouType: p?.hukouType,
        disability: p?.disabilityCategory && p.disabilityGrade ? { category: p.disabilityCategory, grade: p.disabilityGrade } : null,
      };
    }
    if (programme === 'linshi') {
      if (byIdentity) return { hukouType: values.hukouType };
      const applicant = alone ? pickedPerson : members.find((m) => m.person.id === values.applicantPersonId)?.person;
      return { hukouType: applicant?.hukouType };
    }
    return { regionCode: household.data?.regionCode, members: memberOptions };
  }, [programme, subject.data, household.data, alone, byIdentity, values.hukouType, pickedPerson, values.applicantPersonId, members]);

  const request = toCalculateBody({ ...values, programme }, ctx);
  const waitingFor =
    programme === 'dibao' ? '选择申请家庭' : programme === 'tekun' ? '选择申请人并确定供养方式' : '填写救助类型、急难发生地和申请金额';

  const setProgramme = (p: Programme) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('programme', p);
        return next;
      },
      { replace: true },
    );

  const onFinish = async (v: IntakeValues) => {
    setUnmatched([]);
    try {
      const saved = await create.mutateAsync(toApplicationInput({ ...v, programme }));
      message.success(`已登记申请，案件编号 ${saved.caseNo}`);
      navigate(view.link(`/assistance/cases/${saved.id}`));
    } catch (err) {
      setUnmatched(applyFieldErrors(form, err).unmatched);
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  };

  const tier = selfCareTier({ ...ALL_SELF_CARE, ...values.selfCare });

  return (
    <PageShell
      title="救助申请"
      breadcrumb={[{ title: '案件查询', onClick: () => navigate(view.link('/assistance/cases')) }, { title: '救助申请' }]}
      description="带 * 的为必填项；右侧试算随填写实时更新"
    >
      <div ref={topRef} />
      <HouseholdRegisterDialog
        open={registering}
        defaultRegionCode={view.code}
        onClose={() => setRegistering(false)}
        onRegistered={(h) => {
          setRegistering(false);
          setRegistered({
            id: h.id, regionCode: h.regionCode, regionName: h.regionName, address: h.address,
            headName: h.head?.name ?? null, headIdNumberMasked: h.head?.idNumberMasked ?? null, memberCount: h.members.length,
          });
          // A 临时救助 filed by a person alone switches to the household the family now is.
          if (programme === 'linshi' && values.subjectMode !== 'household') form.setFieldValue('subjectMode', 'household');
          form.setFieldValue('householdId', h.id);
          message.success(`已在人口库登记${h.head?.name ?? ''}户（${h.members.length} 人），并选为申请家庭`);
        }}
      />
      {isApiError(create.error) && create.error.code === PERSON_NOT_REGISTERED ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={create.error.title}
          description={create.error.detail}
          action={
            <Button size="small" href="/registry/persons/new" target="_blank" icon={<ExportOutlined />}>
              登记人员
            </Button>
          }
        />
      ) : (
        create.error && <ProblemAlert error={create.error} fieldErrors={unmatched} />
      )}
      <Form<IntakeValues>
        name="application"
        form={form}
        layout="vertical"
        onFinish={onFinish}
        autoComplete="off"
        scrollToFirstError
        initialValues={{
          programme: initialProgramme,
          subjectMode: 'household',
          applicationDate: today(),
          careMode: 'dispersed',
          selfCare: ALL_SELF_CARE,
          type: 'emergency',
          advance: false,
          incomes: [],
          deductions: [],
          categories: [],
          obligors: [],
          property: {},
        }}
      >
        <Row gutter={12} wrap>
          <Col xs={24} xl={15}>
            <Card size="small" title="救助项目" style={{ marginBottom: 12 }}>
              <Form.Item name="programme" style={{ marginBottom: 8 }} rules={[{ required: true, message: '请选择救助项目' }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={(Object.keys(PROGRAMMES) as Programme[]).map((p) => ({ value: p, label: PROGRAMMES[p] }))}
                  onChange={(e) => setProgramme(e.target.value as Programme)}
                />
              </Form.Item>
              <Typography.Text type="secondary">{PROGRAMME_HINTS[programme]}</Typography.Text>
            </Card>

            <Card
              size="small"
              title="申请对象"
              style={{ marginBottom: 12 }}
              extra={
                <Space size={0}>
                  <Button type="link" size="small" icon={<HomeOutlined />} onClick={() => setRegistering(true)}>
                    登记新家庭
                  </Button>
                  <Button type="link" size="small" href="/registry/persons/new" target="_blank" icon={<ExportOutlined />}>
                    登记新人员
                  </Button>
                  <Button type="link" size="small" icon={<ReloadOutlined />} onClick={() => void refreshRegistry()}>
                    刷新
                  </Button>
                </Space>
              }
            >
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                申请对象须在人口与家庭基础库登记。尚未登记的家庭，点“登记新家庭”在本页登记并自动选择；单独登记人员点“登记新人员”在新窗口登记，完成后回到本页点“刷新”再选择。
              </Typography.Paragraph>
              {programme === 'linshi' && (
                <Form.Item name="subjectMode" label="申请方式">
                  <Radio.Group
                    options={[
                      { value: 'household', label: '以家庭申请' },
                      { value: 'person', label: '以个人申请（如在外地遭遇急难）' },
                      { value: 'identity', label: '外辖区人员（按身份证号）' },
                    ]}
                  />
                </Form.Item>
              )}
              {byIdentity ? (
                <>
                  <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                    户籍或居住地不在本辖区、在本地遭遇急难的人员，按身份证件填写身份证号和姓名，由系统在人口库中核对；本人即为申请人。
                  </Typography.Paragraph>
                  <Row gutter={16}>
                    <Col xs={24} md={10}>
                      <Form.Item name="idNumber" label="身份证号" required rules={[idNumberRule]}>
                        <Input maxLength={18} placeholder="18位身份证号" style={{ fontFamily: 'monospace' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name="hukouType"
                        label="适用标准"
                        rules={[{ required: true, message: '请选择城市或农村低保标准' }]}
                        extra="按申请人户籍类型选择，决定救助上限和审批额度"
                      >
                        <Radio.Group options={optionsOf(LINSHI_STANDARDS)} />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              ) : alone ? (
                <Form.Item name="personId" label="申请人" rules={[{ required: true, message: '请选择申请人' }]}>
                  <PersonPicker
                    onChange={(id, p) => {
                      setPickedPerson(p);
                      form.setFieldsValue({ applicantPersonId: id, hukouType: p?.hukouType });
                    }}
                  />
                </Form.Item>
              ) : (
                <>
                  <Form.Item
                    name="householdId"
                    label={programme === 'tekun' ? '申请人所在家庭' : '申请家庭'}
                    rules={[{ required: programme !== 'tekun', message: '请选择申请家庭' }]}
                  >
                    <HouseholdPicker regionCode={view.code} known={registered} />
                  </Form.Item>
                  {household.error && <ProblemAlert error={household.error} />}
                  {household.data && (
                    <Table<HouseholdMember>
                      size="small"
                      rowKey="memberId"
                      dataSource={members}
                      pagination={false}
                      style={{ marginBottom: 12 }}
                      title={() => (
                        <Typography.Text type="secondary">
                          {household.data!.regionName} {household.data!.address}，现有成员 {members.length} 人
                        </Typography.Text>
                      )}
                      columns={[
                        { title: '姓名', key: 'name', render: (_, m) => m.person.name },
                        { title: '身份证号', key: 'id', render: (_, m) => <span style={{ fontFamily: 'monospace' }}>{m.person.idNumberMasked}</span> },
                        { title: '与户主关系', dataIndex: 'relationName' },
                        { title: '年龄', key: 'age', align: 'right', render: (_, m) => m.person.age },
                        { title: '户籍', key: 'hukou', render: (_, m) => HUKOU_TYPES[m.person.hukouType] },
                      ]}
                    />
                  )}
                  {programme === 'tekun' && (
                    <Form.Item name="personId" label="申请供养人员" rules={[{ required: true, message: '请选择申请供养的人员' }]}>
                      {household.data ? (
                        <Select
                          options={memberOptions.map((m) => ({ value: m.personId, label: m.name }))}
                          onChange={(id: string) => form.setFieldValue('applicantPersonId', id)}
                        />
                      ) : (
                        <PersonPicker onChange={(id) => form.setFieldValue('applicantPersonId', id)} />
                      )}
                    </Form.Item>
                  )}
                  {household.data && (
                    <Form.Item
                      name="applicantPersonId"
                      label="申请人"
                      rules={[{ required: true, message: '请选择申请人' }]}
                      extra={programme === 'tekun' ? '本人申请选本人；委托他人的，选受托的家庭成员' : '由家庭确定一名共同生活的成员作为申请人'}
                    >
                      <Select options={memberOptions.map((m) => ({ value: m.personId, label: m.name }))} style={{ maxWidth: 240 }} />
                    </Form.Item>
                  )}
                </>
              )}
              {programme === 'tekun' && !household.data && !alone && <Form.Item name="applicantPersonId" hidden />}
              {alone && <Form.Item name="applicantPersonId" hidden />}
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name="applicationDate" label="申请日期" rules={[{ required: true, message: '请选择申请日期' }]}>
                    <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} disabledDate={afterToday} />
                  </Form.Item>
                </Col>
                {programme === 'dibao' && (
                  <Col xs={24} md={8}>
                    <Form.Item name="hukouType" label="适用标准" rules={[{ required: true, message: '请选择城镇或农村标准' }]} extra="按家庭户籍类型确定城市或农村低保标准">
                      <Radio.Group options={optionsOf(HUKOU_TYPES)} />
                    </Form.Item>
                  </Col>
                )}
              </Row>
              {programme === 'tekun' && subject.data && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 8 }}
                  title={`${subject.data.name}，${subject.data.age}岁，${HUKOU_TYPES[subject.data.hukouType]}户籍${
                    subject.data.disabilityGrade ? `，持残疾人证（${subject.data.disabilityCategory ?? ''}${subject.data.disabilityGrade}级）` : ''
                  }`}
                />
              )}
            </Card>

            {programme === 'tekun' && (
              <Card size="small" title="供养方式与生活自理能力" style={{ marginBottom: 12 }}>
                <Form.Item name="careMode" label="供养方式" rules={[{ required: true, message: '请选择供养方式' }]} extra="由本人选择在供养服务机构集中供养或在家分散供养">
                  <Radio.Group options={optionsOf(CARE_MODES)} />
                </Form.Item>
                <Form.Item label="生活自理能力（勾选本人能独立完成的项目）" required style={{ marginBottom: 8 }}>
                  <Space wrap size={[16, 4]}>
                    {(Object.entries(SELF_CARE_ITEMS) as [keyof typeof SELF_CARE_ITEMS, string][]).map(([item, text]) => (
                      <Form.Item key={item} name={['selfCare', item]} valuePropName="checked" noStyle>
                        <Checkbox>{text}</Checkbox>
                      </Form.Item>
                    ))}
                  </Space>
                </Form.Item>
                <Typography.Paragraph data-testid="care-tier">
                  评估结果：<Tag color={tier === 'self' ? 'green' : tier === 'semi' ? 'orange' : 'red'}>{CARE_TIERS[tier]}</Tag>
                  <Typography.Text type="secondary">{CARE_TIER_DESCRIPTIONS[tier]}（六项中 1–3 项不能完成为半护理，4 项及以上为全护理）</Typography.Text>
                </Typography.Paragraph>
                <Form.Item name="otherIncapacity" label="其他无劳动能力情形（可不填）">
                  <Input maxLength={200} placeholder="省级规定的其他情形，请写明" />
                </Form.Item>
              </Card>
            )}

            {(programme === 'dibao' || programme === 'tekun') && (
              <EconomicsFields programme={programme} members={programme === 'dibao' ? memberOptions : memberOptions.filter((m) => m.personId === values.personId)} />
            )}

            {programme === 'linshi' && (
              <Card size="small" title="困难情况" style={{ marginBottom: 12 }}>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name="type" label="救助类型" rules={[{ required: true, message: '请选择救助类型' }]}>
                      <Radio.Group options={optionsOf(LINSHI_TYPES)} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="incidentDate" label="急难发生日期" rules={[{ required: true, message: '请选择急难发生日期' }]}>
                      <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} disabledDate={afterToday} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="incidentRegionCode" label="急难发生地" rules={[{ required: true, message: '请选择急难发生地' }]}>
                  <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="description" label="困难情况说明" rules={[{ required: true, whitespace: true, message: '请填写困难情况说明' }]}>
                  <Input.TextArea rows={4} maxLength={2000} showCount placeholder="发生了什么、造成了哪些困难、已获得哪些帮助" />
                </Form.Item>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name="requestedFen" label="申请救助金额" required rules={[moneyRule('申请救助金额')]}>
                      <MoneyInput aria-label="申请救助金额" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="advance"
                      label="先行救助"
                      valuePropName="checked"
                      extra={values.type === 'emergency' ? '情况紧急的，先行发放救助，事后补办手续（救助法第五十条）' : '仅急难型可先行救助'}
                    >
                      <Switch disabled={values.type !== 'emergency'} checkedChildren="先行救助" unCheckedChildren="否" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            )}

            <Card size="small" title="承诺与授权" style={{ marginBottom: 12 }}>
              <Form.Item
                name="authorizationSigned"
                valuePropName="checked"
                style={{ marginBottom: 8 }}
                rules={[{ validator: async (_, v) => { if (v !== true) throw new Error('申请人须签署家庭经济状况核对授权书'); } }]}
              >
                <Checkbox>申请人已签署授权书，同意民政部门核对家庭经济状况（户籍、纳税、社保、不动产、车辆、存款等）</Checkbox>
              </Form.Item>
              <Form.Item
                name="pledgeSigned"
                valuePropName="checked"
                style={{ marginBottom: 8 }}
                rules={[{ validator: async (_, v) => { if (v !== true) throw new Error('申请人须签署承诺书'); } }]}
              >
                <Checkbox>申请人已签署承诺书，承诺所提供的信息真实、完整</Checkbox>
              </Form.Item>
              <Form.Item name="note" label="备注（可不填）">
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Card>

            <Space>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                提交申请
              </Button>
              <Button onClick={() => navigate(-1)}>取消</Button>
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <div style={{ position: 'sticky', top: 12 }}>
              <CalculationPanel request={request} waitingFor={waitingFor} />
            </div>
          </Col>
        </Row>
      </Form>
    </PageShell>
  );
}
