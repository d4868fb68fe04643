import { LoginOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { ModalForm, ProblemAlert, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { CHECKOUT_REASON_NAMES } from '../domain/institution.rules.ts';
import { searchCandidates, useBeds, useInstitutionWrite, useResidents, type CheckInCandidate, type InstitutionDetail, type ResidentView } from './institution.api.ts';
import { optionsOf } from './institution.labels.ts';
import { useAssessments } from './assessment.api.ts';

const LEVEL_NAMES = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'];

/** 入住人员: current residents (or past stays) with check-in, check-out and bed moves. */
export function ResidentsTab({ institution: i, canOperate }: { institution: InstitutionDetail; canOperate: boolean }) {
  const [state, setState] = useState<'current' | 'past' | 'all'>('current');
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const residents = useResidents(i.id, state, page.page, page.pageSize);
  const [dialog, setDialog] = useState<{ kind: 'in' } | { kind: 'out' | 'move'; resident: ResidentView } | null>(null);
  const close = () => setDialog(null);

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {canOperate && i.status === 'operating' && <Button type="primary" icon={<LoginOutlined />} onClick={() => setDialog({ kind: 'in' })}>办理入住</Button>}
        <Radio.Group value={state} onChange={(e) => { setState(e.target.value); setPage({ ...page, page: 1 }); }} optionType="button"
          options={[{ value: 'current', label: '在住' }, { value: 'past', label: '已退住' }, { value: 'all', label: '全部' }]} />
      </Space>
      {residents.error && <ProblemAlert error={residents.error} />}
      <Table<ResidentView>
        size="small" rowKey="id" loading={residents.isFetching} dataSource={residents.data?.items ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: residents.data?.total ?? 0, showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        locale={{ emptyText: state === 'current' ? '暂无在住人员' : '暂无记录' }}
        scroll={{ x: 1100 }}
        columns={[
          { title: '姓名', dataIndex: 'personName', width: 100 },
          { title: '身份证号', dataIndex: 'idNumberMasked', width: 180 },
          { title: '性别', dataIndex: 'sex', width: 60, render: (v: string | null) => (v === 'male' ? '男' : v === 'female' ? '女' : '—') },
          { title: '年龄', dataIndex: 'age', width: 60 },
          { title: '床位', key: 'bed', width: 110, render: (_, r) => <>{r.room}-{r.bedNo}{r.nursingBed && <Tag color="blue" style={{ marginInlineStart: 4 }}>护</Tag>}</> },
          { title: '能力等级', dataIndex: 'assessmentLevel', width: 100, render: (v: number | null) => (v === null ? '—' : LEVEL_NAMES[v] ?? v) },
          { title: '入住日期', dataIndex: 'checkedInOn', width: 110 },
          { title: '退住', key: 'out', width: 170, render: (_, r) => (r.checkedOutOn ? `${r.checkedOutOn}（${r.checkoutReasonName}）` : '—') },
          {
            title: '操作', key: 'op', width: 150, fixed: 'right',
            render: (_, r) => canOperate && !r.checkedOutOn && (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setDialog({ kind: 'move', resident: r })}>调换床位</Button>
                <Button size="small" type="link" danger onClick={() => setDialog({ kind: 'out', resident: r })}>退住</Button>
              </Space>
            ),
          },
        ]}
      />
      <CheckInDialog open={dialog?.kind === 'in'} institution={i} onClose={close} />
      {dialog && dialog.kind === 'out' && <CheckOutDialog institution={i} resident={dialog.resident} onClose={close} />}
      {dialog && dialog.kind === 'move' && <MoveDialog institution={i} resident={dialog.resident} onClose={close} />}
    </>
  );
}

function useFreeBeds(i: InstitutionDetail) {
  const beds = useBeds(i.id);
  return (beds.data?.items ?? []).filter((b) => b.inService && !b.resident)
    .map((b) => ({ value: b.id, label: `${b.room}-${b.bedNo}${b.nursing ? '（护理型）' : ''}` }));
}

function CheckInDialog({ open, institution: i, onClose }: { open: boolean; institution: InstitutionDetail; onClose: () => void }) {
  const write = useInstitutionWrite();
  // Operators look a person up by ID number only (the server enforces it); officials also by name.
  const byIdOnly = !useSession().can('elderly.institution.manage');
  const { message } = App.useApp();
  const freeBeds = useFreeBeds(i);
  const [found, setFound] = useState<CheckInCandidate[]>([]);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [searching, setSearching] = useState(false);
  const search = async (q: string) => {
    if (!q.trim()) return;
    setSearching(true);
    setSearchError(null);
    try {
      setFound((await searchCandidates(i.id, q.trim())).items);
    } catch (err) {
      setSearchError(err);
    } finally {
      setSearching(false);
    }
  };
  return (
    <ModalForm<{ personId: string; bedId: string; checkedInOn: Dayjs; assessmentId?: string; note?: string }> name="checkin" open={open} width={720} title="办理入住"
      initialValues={{ checkedInOn: dayjs() }} onClose={() => { setFound([]); onClose(); }}
      onSubmit={async (v) => {
        await write(`/${i.id}/residents`, {
          personId: v.personId, bedId: v.bedId, checkedInOn: v.checkedInOn.format('YYYY-MM-DD'), assessmentId: v.assessmentId?.trim() || null, note: v.note?.trim() || null,
        });
        message.success('已办理入住');
        setFound([]);
        onClose();
      }}>
      <Form.Item label="查找人员（人口库）">
        <Input.Search placeholder={byIdOnly ? '入住人员的身份证号' : '身份证号、姓名或拼音首字母'} enterButton="查找" loading={searching} onSearch={search} autoFocus />
      </Form.Item>
      {!!searchError && <ProblemAlert error={searchError} />}
      <Form.Item name="personId" label="入住人员" rules={[{ required: true, message: '请先查找并选择人员' }]}>
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          {found.length === 0 && <Typography.Text type="secondary">查找后在此选择；不在人口库的人员请先登记</Typography.Text>}
          {found.map((p) => (
            <Radio key={p.personId} value={p.personId} disabled={p.status !== 'alive' || Boolean(p.currentStay)}>
              {p.name} {p.sex === 'male' ? '男' : '女'} {p.age} 岁 · {p.idNumberMasked} · {p.regionName}
              {p.status !== 'alive' && <Tag color="red" style={{ marginInlineStart: 6 }}>非在世</Tag>}
              {p.currentStay && <Tag color="orange" style={{ marginInlineStart: 6 }}>正在{p.currentStay}入住</Tag>}
              {p.age < 60 && <Tag style={{ marginInlineStart: 6 }}>未满 60 岁</Tag>}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Space size={16} style={{ display: 'flex' }} align="start">
        <Form.Item name="bedId" label="床位" rules={[{ required: true, message: '请选择床位' }]} style={{ width: 260 }}>
          <Select showSearch optionFilterProp="label" options={freeBeds} placeholder={freeBeds.length ? '选择空闲床位' : '没有空闲床位'} />
        </Form.Item>
        <Form.Item name="checkedInOn" label="入住日期" rules={[{ required: true, message: '请选择入住日期' }]}>
          <DatePicker />
        </Form.Item>
      </Space>
      <AssessmentField />
      <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </ModalForm>
  );
}

/**
 * The ability assessment the stay is admitted on: the chosen person's completed assessments, the
 * current one preselected. An operator sees assessments of their own residents only, so before
 * check-in the list is empty for them and the official links it later.
 */
function AssessmentField() {
  const form = Form.useFormInstance();
  const personId: string | undefined = Form.useWatch('personId', form);
  const list = useAssessments({ personId, status: 'completed', page: 1, pageSize: 20 }, Boolean(personId));
  const items = personId ? (list.data?.items ?? []) : [];
  const current = items.find((a) => a.current);
  useEffect(() => {
    form.setFieldValue('assessmentId', current?.id);
  }, [form, personId, current?.id]);
  const options = items.map((a) => ({
    value: a.id,
    label: `${a.assessedOn} ${a.finalLevelName ?? ''}（${a.totalScore ?? '—'} 分）${a.current ? ' · 当前有效' : ''}${a.dueState === 'overdue' ? ' · 已逾期待复评' : ''}`,
  }));
  return (
    <Form.Item name="assessmentId" label="能力评估（可选）" extra="关联入住前完成的老年人能力评估；没有的可先入住，评估后再关联">
      <Select allowClear options={options} loading={list.isFetching} disabled={!personId}
        placeholder={!personId ? '先选择入住人员' : items.length ? '选择评估记录' : '该人员暂无已完成的能力评估'} />
    </Form.Item>
  );
}

function CheckOutDialog({ institution: i, resident: r, onClose }: { institution: InstitutionDetail; resident: ResidentView; onClose: () => void }) {
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  return (
    <ModalForm<{ checkedOutOn: Dayjs; reason: string; note?: string }> name="checkout" open title={`办理退住：${r.personName}（${r.room}-${r.bedNo} 床）`} danger onClose={onClose}
      initialValues={{ checkedOutOn: dayjs(), reason: 'returned_home' }}
      intro={<Alert type="info" showIcon style={{ marginBottom: 12 }} title={`入住日期 ${r.checkedInOn}；人员去世的，退住原因选“去世”，日期不早于去世日期`} />}
      onSubmit={async (v) => {
        await write(`/${i.id}/residents/${r.id}/check-out`, { checkedOutOn: v.checkedOutOn.format('YYYY-MM-DD'), reason: v.reason, note: v.note?.trim() || null });
        message.success('已办理退住');
        onClose();
      }}>
      <Form.Item name="checkedOutOn" label="退住日期" rules={[{ required: true, message: '请选择退住日期' }]}><DatePicker autoFocus /></Form.Item>
      <Form.Item name="reason" label="退住原因" rules={[{ required: true, message: '请选择退住原因' }]}><Select options={optionsOf(CHECKOUT_REASON_NAMES)} /></Form.Item>
      <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </ModalForm>
  );
}

function MoveDialog({ institution: i, resident: r, onClose }: { institution: InstitutionDetail; resident: ResidentView; onClose: () => void }) {
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  const freeBeds = useFreeBeds(i);
  return (
    <ModalForm<{ bedId: string }> name="move" open title={`调换床位：${r.personName}（现 ${r.room}-${r.bedNo} 床）`} onClose={onClose}
      onSubmit={async (v) => { await write(`/${i.id}/residents/${r.id}/move`, { bedId: v.bedId }); message.success('已调换床位'); onClose(); }}>
      <Form.Item name="bedId" label="新床位" rules={[{ required: true, message: '请选择床位' }]}>
        <Select showSearch optionFilterProp="label" options={freeBeds} autoFocus placeholder={freeBeds.length ? '选择空闲床位' : '没有空闲床位'} />
      </Form.Item>
    </ModalForm>
  );
}
