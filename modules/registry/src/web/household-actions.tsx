import { AutoComplete, Checkbox, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useViewRegion, ModalForm } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { HEAD_RELATION } from '../domain/person.codes.ts';
import { LEAVE_REASON_SUGGESTIONS } from './labels.ts';
import { PersonPicker } from './person-picker.tsx';
import {
  useAddMember,
  useCodes,
  useHouseholds,
  useLeaveMember,
  useMergeHousehold,
  useSplitHousehold,
  type HouseholdDetail,
  type Member,
} from './registry.api.ts';

const DAY = 'YYYY-MM-DD';
const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');
const dateRule = (label: string) => [{ required: true, message: `请选择${label}` }];

interface ActionProps {
  household: HouseholdDetail;
  open: boolean;
  onClose: () => void;
  onDone: (message: string, result?: HouseholdDetail) => void;
}

/** 添加成员: POST /registry/households/{id}/members. */
export function AddMemberModal({ household, open, onClose, onDone }: ActionProps) {
  const add = useAddMember();
  const codes = useCodes();
  const memberIds = household.members.map((m) => m.person.id);
  const relations = (codes.data?.relations ?? [])
    .filter((r) => !(household.head && r.code === HEAD_RELATION))
    .map((r) => ({ value: r.code, label: r.name }));
  return (
    <ModalForm<{ personId: string; relation: string; validFrom: Dayjs }>
      name="addMember"
      open={open}
      title="添加成员"
      okText="添加"
      initialValues={{ validFrom: dayjs() }}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await add.mutateAsync({ id: household.id, personId: v.personId, relation: v.relation, validFrom: v.validFrom.format(DAY) });
        onDone('已添加成员', r);
      }}
    >
      <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]} extra="按身份证号、姓名或拼音首字母查找已登记的人员">
        <PersonPicker excludeIds={memberIds} warnInHousehold />
      </Form.Item>
      <Form.Item name="relation" label="与户主关系" rules={[{ required: true, message: '请选择与户主关系' }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} loading={codes.isPending} options={relations} placeholder="请选择" />
      </Form.Item>
      <Form.Item name="validFrom" label="起始日期" rules={dateRule('起始日期')}>
        <DatePicker style={{ width: 200 }} disabledDate={notFuture} />
      </Form.Item>
    </ModalForm>
  );
}

/** 迁出: POST /registry/households/{id}/members/{memberId}/leave. */
export function LeaveModal({ household, member, onClose, onDone }: Omit<ActionProps, 'open'> & { member: Member | null }) {
  const leave = useLeaveMember();
  return (
    <ModalForm<{ validTo: Dayjs; reason: string }>
      name="leave"
      open={!!member}
      title={member ? `迁出：${member.person.name}` : '迁出'}
      okText="迁出"
      danger
      initialValues={{ validTo: dayjs() }}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await leave.mutateAsync({ id: household.id, memberId: member!.memberId, validTo: v.validTo.format(DAY), reason: v.reason.trim() });
        onDone(`${member!.person.name} 已迁出`, r);
      }}
    >
      {member?.relation === HEAD_RELATION && (
        <Typography.Paragraph type="warning">该成员是户主，迁出前请确认本户另有户主人选，或改用分户、合户办理。</Typography.Paragraph>
      )}
      <Form.Item name="validTo" label="迁出日期" rules={dateRule('迁出日期')}>
        <DatePicker
          style={{ width: 200 }}
          disabledDate={(d) => notFuture(d) || (!!member && d.isBefore(dayjs(member.validFrom), 'day'))}
        />
      </Form.Item>
      <Form.Item name="reason" label="迁出原因" rules={[{ required: true, whitespace: true, message: '请填写迁出原因' }]}>
        <AutoComplete options={LEAVE_REASON_SUGGESTIONS} maxLength={100} placeholder="可选择或输入" />
      </Form.Item>
    </ModalForm>
  );
}

/** 分户: POST /registry/households/{id}/split → the new household. */
export function SplitModal({ household, open, onClose, onDone }: ActionProps) {
  const split = useSplitHousehold();
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (open) setChosen([]);
  }, [open]);
  const chosenMembers = household.members.filter((m) => chosen.includes(m.person.id));
  return (
    <ModalForm<{ personIds: string[]; headPersonId: string; address: string; date: Dayjs }>
      name="split"
      open={open}
      title="分户"
      okText="分户"
      width={600}
      initialValues={{ date: dayjs(), personIds: [], address: '' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await split.mutateAsync({ id: household.id, personIds: v.personIds, headPersonId: v.headPersonId, address: v.address.trim(), date: v.date.format(DAY) });
        onDone('已分户，正在打开新家庭', r);
      }}
    >
      {(form) => (
        <>
          <Form.Item
            name="personIds"
            label="分出的成员"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名成员' }]}
            extra="所选成员离开本户，组成新家庭"
          >
            <Checkbox.Group
              onChange={(ids) => {
                setChosen(ids as string[]);
                if (!(ids as string[]).includes(form.getFieldValue('headPersonId'))) form.setFieldValue('headPersonId', undefined);
              }}
            >
              <Space orientation="vertical" size={4}>
                {household.members.map((m) => (
                  <Checkbox key={m.memberId} value={m.person.id}>
                    {m.person.name}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                      {m.relationName} · {m.person.idNumberMasked}
                    </Typography.Text>
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="headPersonId" label="新户主" rules={[{ required: true, message: '请选择新户主' }]}>
            <Select
              placeholder={chosen.length ? '从分出的成员中选择' : '请先选择分出的成员'}
              disabled={!chosen.length}
              options={chosenMembers.map((m) => ({ value: m.person.id, label: `${m.person.name}（${m.person.idNumberMasked}）` }))}
            />
          </Form.Item>
          <Form.Item name="address" label="新家庭住址" rules={[{ required: true, whitespace: true, message: '请输入新家庭住址' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="date" label="分户日期" rules={dateRule('分户日期')}>
            <DatePicker style={{ width: 200 }} disabledDate={notFuture} />
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}

/** 合户: POST /registry/households/{id}/merge { intoHouseholdId } → the target household. */
export function MergeModal({ household, open, onClose, onDone }: ActionProps) {
  const merge = useMergeHousehold();
  const view = useViewRegion();
  const [term, setTerm] = useState('');
  const search = useHouseholds({ q: term.trim() || undefined, regionCode: view.code, page: 1, pageSize: 20 }, open && term.trim().length >= 2);
  const options = useMemo(
    () =>
      (search.data?.items ?? [])
        .filter((h) => h.id !== household.id)
        .map((h) => ({
          value: h.id,
          label: (
            <span>
              户主 {h.headName ?? '（无）'}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {h.address} · {h.memberCount} 人
              </Typography.Text>
            </span>
          ),
        })),
    [search.data, household.id],
  );
  return (
    <ModalForm<{ intoHouseholdId: string; date: Dayjs }>
      name="merge"
      open={open}
      title="合户"
      okText="合户"
      danger
      width={600}
      initialValues={{ date: dayjs() }}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await merge.mutateAsync({ id: household.id, intoHouseholdId: v.intoHouseholdId, date: v.date.format(DAY) });
        onDone('已合户，正在打开合入的家庭', r);
      }}
    >
      <Typography.Paragraph type="secondary">本户全部成员并入目标家庭，本户随之注销。</Typography.Paragraph>
      <Form.Item name="intoHouseholdId" label="并入的家庭" rules={[{ required: true, message: '请选择并入的家庭' }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setTerm }}
          placeholder="输入户主姓名、身份证号或地址搜索"
          loading={search.isFetching}
          notFoundContent={term.trim().length < 2 ? '至少输入 2 个字符' : search.isFetching ? '查询中…' : '没有找到家庭'}
          options={options}
        />
      </Form.Item>
      <Form.Item name="date" label="合户日期" rules={dateRule('合户日期')}>
        <DatePicker style={{ width: 200 }} disabledDate={notFuture} />
      </Form.Item>
    </ModalForm>
  );
}
