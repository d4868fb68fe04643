import { EditOutlined, EyeOutlined, HomeOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { errorText, formatDateTime, PageShell, ProblemAlert, StatusTag, usePersonPanels, useSession, useViewRegion } from '@mz/ui';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  disabilityCategoryLabel,
  disabilityGradeLabel,
  hukouLabel,
  maritalLabel,
  PERSON_STATUS_TAGS,
  sexLabel,
} from './labels.ts';
import { usePerson, useRevealPerson } from './registry.api.ts';

const none = <span style={{ color: '#999' }}>—</span>;
const show = (v: ReactNode | null | undefined) => (v === null || v === undefined || v === '' ? none : v);
const mono = (v: string | null | undefined) => (v ? <span style={{ fontFamily: 'monospace' }}>{v}</span> : none);

const SOURCES: Record<string, string> = { manual: '手工录入', import: '批量导入' };

/** 人员详情: the masked record; 查看完整信息 (audited) reveals ID, phone, bank account and health notes. */
export function PersonDetailPage() {
  const { id } = useParams();
  const { can } = useSession();
  const panels = usePersonPanels();
  const view = useViewRegion();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const person = usePerson(id);
  const reveal = useRevealPerson();
  // Only the reply to this page's own click counts (never a stale one of another person).
  const full = reveal.data && reveal.data.id === id ? reveal.data : undefined;
  const p = person.data;

  const revealed = (masked: ReactNode, clear: string | null | undefined) =>
    full ? (
      <Space size={4}>
        {mono(clear)}
        <Tag color="orange" style={{ marginInlineStart: 4 }}>
          完整
        </Tag>
      </Space>
    ) : (
      masked
    );

  return (
    <PageShell
      title={p ? `人员详情：${p.name}` : '人员详情'}
      breadcrumb={[{ title: '人员查询', onClick: () => navigate(view.link('/registry/persons')) }, { title: p?.name ?? '详情' }]}
      extra={
        p && (
          <>
            {can('person.read_full') &&
              (full ? (
                <Button icon={<LockOutlined />} onClick={() => reveal.reset()}>
                  隐藏完整信息
                </Button>
              ) : (
                <Popconfirm
                  title="查看完整信息？"
                  description="查看将被记录审计"
                  okText="查看"
                  onConfirm={() => reveal.mutate(p.id, { onError: (err) => message.error(errorText(err)) })}
                >
                  <Button icon={<EyeOutlined />} loading={reveal.isPending}>
                    查看完整信息
                  </Button>
                </Popconfirm>
              ))}
            {can('person.write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(view.link(`/registry/persons/${p.id}/edit`))}>
                编辑
              </Button>
            )}
          </>
        )
      }
    >
      <div className="mz-panel">
        {person.error ? (
          <ProblemAlert error={person.error} />
        ) : !p ? (
          <Skeleton active />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {full && <Alert type="warning" showIcon title="正在显示完整信息，本次查看已记录审计。离开页面后恢复脱敏显示。" />}
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              title="基本信息"
              items={[
                { key: 'id', label: '身份证号', children: revealed(mono(p.idNumberMasked), full?.idNumber) },
                { key: 'name', label: '姓名', children: p.name },
                { key: 'status', label: '状态', children: <StatusTag value={p.status} options={PERSON_STATUS_TAGS} /> },
                { key: 'sex', label: '性别', children: sexLabel(p.sex) },
                { key: 'birth', label: '出生日期', children: `${p.birthDate}（${p.age} 周岁）` },
                { key: 'ethnicity', label: '民族', children: show(p.ethnicityName ?? p.ethnicity) },
                { key: 'phone', label: '联系电话', children: revealed(mono(p.phoneMasked), full?.phone) },
                ...(p.status === 'deceased' ? [{ key: 'death', label: '死亡日期', children: show(p.deathDate) }] : []),
              ]}
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              title="户籍与居住"
              items={[
                { key: 'hukouRegion', label: '户籍地', children: <span title={p.hukouRegionCode}>{p.hukouRegionName}</span> },
                { key: 'hukouType', label: '户籍类型', children: hukouLabel(p.hukouType) },
                {
                  key: 'household',
                  label: '所在家庭',
                  children: p.householdId ? (
                    <Link to={view.link(`/registry/households/${p.householdId}`)}>
                      <HomeOutlined /> 查看家庭
                    </Link>
                  ) : (
                    <Typography.Text type="secondary">未加入家庭</Typography.Text>
                  ),
                },
                { key: 'region', label: '现居住区划', children: <span title={p.regionCode}>{p.regionName}</span> },
                { key: 'address', label: '现居住地址', span: 2, children: show(p.address) },
              ]}
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              title="残疾、婚姻、文化与就业"
              items={[
                { key: 'disCert', label: '残疾证号', children: show(p.disabilityCertNo) },
                { key: 'disCat', label: '残疾类别', children: show(disabilityCategoryLabel(p.disabilityCategory)) },
                { key: 'disGrade', label: '残疾等级', children: show(disabilityGradeLabel(p.disabilityGrade)) },
                { key: 'marital', label: '婚姻状况', children: show(maritalLabel(p.maritalStatus)) },
                { key: 'edu', label: '文化程度', children: show(p.education) },
                { key: 'emp', label: '就业状况', children: show(p.employment) },
                {
                  key: 'health',
                  label: '健康状况',
                  span: 'filled',
                  children: full ? show(full.healthNotes) : <Typography.Text type="secondary">已隐藏（查看完整信息后显示）</Typography.Text>,
                },
              ]}
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2, xl: 3 }}
              title="银行账户"
              items={[
                { key: 'bank', label: '开户银行', children: show(p.bankName) },
                { key: 'account', label: '银行账号', children: revealed(mono(p.bankAccountMasked), full?.bankAccount) },
                { key: 'holder', label: '账户持有人', children: show(p.bankHolder) },
              ]}
            />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 4 }}
              items={[
                { key: 'source', label: '来源', children: SOURCES[p.source] ?? p.source },
                { key: 'created', label: '登记时间', children: formatDateTime(p.createdAt) },
                { key: 'updated', label: '最后修改', children: formatDateTime(p.updatedAt) },
                ...(p.importBatchId ? [{ key: 'batch', label: '导入批次', children: <Link to="/registry/imports">{p.importBatchId}</Link> }] : []),
              ]}
            />
            {panels.map((Panel, i) => <Panel key={i} personId={p.id} />)}
          </Space>
        )}
      </div>
    </PageShell>
  );
}
