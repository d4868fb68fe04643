import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { applyFieldErrors, ProblemAlert, RegionCascader, useMe, type FieldError } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { HEAD_RELATION } from '../domain/person.codes.ts';
import { PersonPicker } from './person-picker.tsx';
import { useCodes, useCreateHousehold, type HouseholdDetail } from './registry.api.ts';

interface Values {
  headPersonId?: string;
  regionCode?: string;
  address?: string;
  validFrom?: Dayjs | null;
  members?: { personId?: string; relation?: string }[];
}

interface Props {
  open: boolean;
  defaultRegionCode: string;
  onClose: () => void;
  onSaved: (h: HouseholdDetail) => void;
}

/** 新建家庭: POST /registry/households. */
export function HouseholdCreateDrawer({ open, defaultRegionCode, onClose, onSaved }: Props) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const create = useCreateHousehold();
  const codes = useCodes();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const headId = Form.useWatch('headPersonId', form);
  const members = Form.useWatch('members', form) ?? [];
  const chosenIds = [headId, ...members.map((m) => m?.personId)].filter((x): x is string => !!x);
  const relationOptions = (codes.data?.relations ?? []).filter((r) => r.code !== HEAD_RELATION).map((r) => ({ value: r.code, label: r.name }));

  useEffect(() => {
    if (!open) return;
    create.reset();
    setUnmatched([]);
    form.resetFields();
    form.setFieldsValue({ regionCode: defaultRegionCode, validFrom: dayjs(), members: [] });
  }, [open]);

  const onFinish = async (v: Values) => {
    setUnmatched([]);
    try {
      const saved = await create.mutateAsync({
        regionCode: v.regionCode!,
        address: v.address!.trim(),
        headPersonId: v.headPersonId!,
        members: (v.members ?? []).filter((m) => m.personId).map((m) => ({ personId: m.personId!, relation: m.relation! })),
        validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : undefined,
      });
      onSaved(saved);
    } catch (err) {
      setUnmatched(applyFieldErrors(form, err).unmatched);
    }
  };

  return (
    <Drawer
      title="新建家庭"
      open={open}
      onClose={onClose}
      size={640}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {create.error && <ProblemAlert error={create.error} fieldErrors={unmatched} />}
      <Form<Values> name="household" form={form} layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item name="headPersonId" label="户主" rules={[{ required: true, message: '请选择户主' }]} extra="先在人员查询中登记该人员">
          <PersonPicker excludeIds={chosenIds} warnInHousehold />
        </Form.Item>
        <Form.Item name="regionCode" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
          <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="address" label="家庭住址" rules={[{ required: true, whitespace: true, message: '请输入家庭住址' }]}>
          <Input maxLength={200} placeholder="街路巷、门牌号、楼栋单元室" />
        </Form.Item>
        <Form.Item name="validFrom" label="建户日期" rules={[{ required: true, message: '请选择建户日期' }]}>
          <DatePicker style={{ width: 200 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>

        <Typography.Text strong>其他成员</Typography.Text>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'personId']} rules={[{ required: true, message: '请选择成员' }]} style={{ width: 330 }}>
                    <PersonPicker excludeIds={chosenIds} warnInHousehold />
                  </Form.Item>
                  <Form.Item name={[field.name, 'relation']} rules={[{ required: true, message: '请选择与户主关系' }]} style={{ width: 170 }}>
                    <Select
                      placeholder="与户主关系"
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={codes.isPending}
                      options={relationOptions}
                    />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label="移除" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                添加成员
              </Button>
            </div>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
