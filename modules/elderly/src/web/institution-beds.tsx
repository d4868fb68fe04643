import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Popconfirm, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ModalForm, ProblemAlert } from '@mz/ui';
import { useMemo, useState } from 'react';
import { parseRoomList } from '../domain/institution.rules.ts';
import { useBeds, useInstitutionWrite, type BedView, type InstitutionDetail } from './institution.api.ts';

const COLOURS = {
  occupied: { background: '#fff1f0', border: '#ffa39e', text: '在住' },
  free: { background: '#f6ffed', border: '#b7eb8f', text: '空闲' },
  off: { background: '#f5f5f5', border: '#d9d9d9', text: '停用' },
} as const;

function stateOf(b: BedView): keyof typeof COLOURS {
  if (!b.inService) return 'off';
  return b.resident ? 'occupied' : 'free';
}

/** 床位: a grid by room — red occupied, green free, grey out of service; 护 marks nursing-type beds. */
export function BedsTab({ institution: i, canOperate }: { institution: InstitutionDetail; canOperate: boolean }) {
  const beds = useBeds(i.id);
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const rooms = useMemo(() => {
    const byRoom = new Map<string, BedView[]>();
    for (const b of beds.data?.items ?? []) byRoom.set(b.room, [...(byRoom.get(b.room) ?? []), b]);
    return [...byRoom.entries()];
  }, [beds.data]);
  const toggle = async (b: BedView) => {
    try {
      await write(`/${i.id}/beds/${b.id}/service`, { inService: !b.inService });
      message.success(b.inService ? '床位已停用' : '床位已恢复使用');
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {canOperate && i.kind !== 'canteen' && i.status !== 'closed' && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>新增床位</Button>}
        {Object.values(COLOURS).map((c) => <Tag key={c.text} style={{ background: c.background, borderColor: c.border, color: '#000' }}>{c.text}</Tag>)}
        <Typography.Text type="secondary">“护”为护理型床位；点击床位可停用或恢复</Typography.Text>
      </Space>
      {beds.error && <ProblemAlert error={beds.error} />}
      {beds.isLoading && <Spin />}
      {beds.data && rooms.length === 0 && <Empty description="尚未登记床位" />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        {rooms.map(([room, list]) => (
          <Card key={room} size="small" title={`${room} 室`} style={{ width: 220 }} styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 6 } }}>
            {list.map((b) => {
              const s = COLOURS[stateOf(b)];
              const label = (
                <div style={{ width: 92, padding: '4px 6px', borderRadius: 4, background: s.background, border: `1px solid ${s.border}`, cursor: canOperate ? 'pointer' : 'default', fontSize: 12 }}>
                  <div><b>{b.bedNo} 床</b> {b.nursing && <Tag color="blue" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', padding: '0 3px' }}>护</Tag>}</div>
                  <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{b.resident ? b.resident.personName : s.text}</div>
                </div>
              );
              const tip = b.resident ? `${b.resident.personName}（${b.resident.idNumberMasked}），${b.resident.checkedInOn} 入住` : s.text;
              if (!canOperate || b.resident) return <Tooltip key={b.id} title={tip}>{label}</Tooltip>;
              return (
                <Popconfirm key={b.id} title={b.inService ? `停用 ${room}-${b.bedNo} 床？` : `恢复使用 ${room}-${b.bedNo} 床？`} onConfirm={() => toggle(b)}>
                  {label}
                </Popconfirm>
              );
            })}
          </Card>
        ))}
      </div>
      <AddBedsDialog open={adding} institution={i} onClose={() => setAdding(false)} />
    </>
  );
}

function AddBedsDialog({ open, institution: i, onClose }: { open: boolean; institution: InstitutionDetail; onClose: () => void }) {
  const write = useInstitutionWrite();
  const { message } = App.useApp();
  return (
    <ModalForm<{ rooms: string; bedNos: string[]; nursing: boolean }> name="beds" open={open} title="新增床位" onClose={onClose}
      initialValues={{ bedNos: ['1', '2'], nursing: false }}
      onSubmit={async (v) => {
        const r = await write<{ added: number }>(`/${i.id}/beds`, { rooms: v.rooms, bedNos: v.bedNos, nursing: v.nursing });
        message.success(`已新增 ${r.added} 张床位`);
        onClose();
      }}>
      {(form) => (
        <>
          <Form.Item name="rooms" label="房间号" extra="可写范围和列表，如 101-110, 201" rules={[
            { required: true, message: '请填写房间号' },
            { validator: async (_r, value: string) => { if (value && parseRoomList(value).error) throw new Error(parseRoomList(value).error!); } },
          ]}>
            <Input autoFocus placeholder="101-110, 201" />
          </Form.Item>
          <Form.Item name="bedNos" label="每间的床号" rules={[{ required: true, message: '请至少填写一个床号' }]}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="1, 2" />
          </Form.Item>
          <Form.Item name="nursing" valuePropName="checked"><Checkbox>护理型床位</Checkbox></Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const parsed = parseRoomList(form.getFieldValue('rooms') ?? '');
              const n = parsed.error ? 0 : parsed.rooms.length * ((form.getFieldValue('bedNos') as string[] | undefined)?.length ?? 0);
              return n > 0 && <Alert type="info" showIcon title={`将新增 ${parsed.rooms.length} 间房共 ${n} 张${form.getFieldValue('nursing') ? '护理型' : ''}床位`} />;
            }}
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}
