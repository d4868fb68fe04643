/**
 * The parts the household register pages (低保边缘家庭, 刚性支出困难家庭) show alike: the list's
 * query from the address bar, its filters (head's name, region, state), the table's head, region
 * and state columns, and the dialog that ends a recognition with a date and a reason. What each
 * register measures (its own columns) and how it is recognised (its own form) stay in its page.
 */
import { StopOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import type { RecognitionQuery, RecognitionSummary } from '@mz/assistance';
import { todayInShanghai } from '@mz/kernel';
import { FilterBar, ModalForm, ProblemAlert, RegionCascader, StatusTag, useListParams, useMe, useViewRegion, type StatusTone } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { EndRecognitionBody } from './assistance.api.ts';
import { RECOGNITION_STATES, recognitionState, type RecognitionState } from './family-register.ts';
import { cnDate } from './format.ts';
import { DATE_FORMATS } from './labels.ts';

interface Filters {
  q?: string;
  region?: string;
  active?: string;
}

const FILTER_KEYS = ['q', 'active'] as const;

const STATE_TONES: Record<RecognitionState, StatusTone> = { active: 'success', ended: 'default', expired: 'warning' };

/** Recognitions and endings record what has happened: never a day after today (Beijing calendar). */
export const today = () => dayjs(todayInShanghai());

/** The list's place (page, filters) lives in the address bar, so a link or a reload shows the same page. */
export function useRegisterQuery() {
  const view = useViewRegion();
  const list = useListParams(FILTER_KEYS);
  const f = list.filters;
  const active = f.active === 'true' ? true : f.active === 'false' ? false : undefined;
  const query: RecognitionQuery = { regionCode: view.code, active, q: f.q?.trim() || undefined, page: list.page, pageSize: list.pageSize };
  return { view, list, query };
}

type Register = ReturnType<typeof useRegisterQuery>;

/** Head's name, region (within the official's own), and in force or not. */
export function RegisterFilters({ register: { view, list } }: { register: Register }) {
  const me = useMe();
  const [form] = Form.useForm<Filters>();
  const f = list.filters;
  return (
    <div className="mz-panel">
      <FilterBar<Filters>
        form={form}
        values={{ q: f.q, region: view.code, active: f.active }}
        keepOnReset={['region']}
        onSearch={(v) => list.setFilters({ q: v.q, active: v.active, region: view.toParam(v.region) } as Record<string, string | undefined>)}
      >
        <Form.Item name="q" label="户主">
          <Input placeholder="户主姓名" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="region" label="区划">
          <RegionCascader rootCode={me.regionCode} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="active" label="状态">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 140 }}
            options={[
              { value: 'true', label: '有效期内' },
              { value: 'false', label: '已终止或过期' },
            ]}
          />
        </Form.Item>
      </FilterBar>
    </div>
  );
}

interface RegisterTableProps<T extends RecognitionSummary> {
  register: Register;
  result: { data?: { items: T[]; total: number }; error: unknown; isFetching: boolean };
  /** The register's own columns, between the household's (head, ID, region, size) and the validity's. */
  columns: TableColumnsType<T>;
  scrollX: number;
  emptyText: string;
  /** Offered on recognitions in force when the official may end them. */
  onEnd?: (e: T) => void;
}

export function RegisterTable<T extends RecognitionSummary>({ register, result, columns, scrollX, emptyText, onEnd }: RegisterTableProps<T>) {
  return (
    <div className="mz-panel">
      {!!result.error && <ProblemAlert error={result.error} />}
      <Table<T>
        size="small"
        rowKey="id"
        loading={result.isFetching}
        dataSource={result.data?.items ?? []}
        pagination={register.list.pagination(result.data?.total)}
        scroll={{ x: scrollX }}
        locale={{ emptyText }}
        columns={[
          { title: '户主', dataIndex: 'headName', width: 100 },
          {
            title: '身份证号',
            dataIndex: 'headIdMasked',
            width: 180,
            render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
          },
          {
            title: '区划',
            dataIndex: 'regionName',
            width: 150,
            ellipsis: true,
            render: (name: string, e) => <Tooltip title={e.regionCode}>{name}</Tooltip>,
          },
          { title: '人数', dataIndex: 'householdSize', width: 60, align: 'right' },
          ...columns,
          { title: '有效期至', dataIndex: 'validUntil', width: 130, render: (v: string) => cnDate(v) },
          {
            title: '状态',
            key: 'state',
            width: 100,
            render: (_, e) => {
              const state = recognitionState(e);
              const tag = <StatusTag tone={STATE_TONES[state]}>{RECOGNITION_STATES[state]}</StatusTag>;
              return e.endedOn ? <Tooltip title={`${cnDate(e.endedOn)}终止：${e.endedReason ?? ''}`}>{tag}</Tooltip> : tag;
            },
          },
          ...(onEnd
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, e: T) =>
                    recognitionState(e) === 'active' && (
                      <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => onEnd(e)}>
                        终止
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

interface EndDialogProps<T extends RecognitionSummary> {
  /** The form's name: fields are `${name}_endedOn`, `${name}_reason`. */
  name: string;
  /** '低保边缘家庭', in the title and the confirmation. */
  registerName: string;
  ending: T | null;
  intro?: (e: T) => ReactNode;
  /** An example reason, in the register's own terms. */
  reasonPlaceholder: string;
  end: (args: { id: string; body: EndRecognitionBody }) => Promise<unknown>;
  onClose: () => void;
  onEnded: (message: string) => void;
}

/** Ends a recognition in force: a day between its recognition and today, and a reason (audited by the server). */
export function EndRecognitionDialog<T extends RecognitionSummary>({ name, registerName, ending, intro, reasonPlaceholder, end, onClose, onEnded }: EndDialogProps<T>) {
  return (
    <ModalForm<{ endedOn?: Dayjs; reason?: string }>
      name={name}
      open={!!ending}
      title={ending ? `终止${registerName}认定：${ending.headName}户` : ''}
      okText="终止认定"
      danger
      initialValues={{ endedOn: today() }}
      intro={ending && intro ? intro(ending) : undefined}
      onClose={onClose}
      onSubmit={async (v) => {
        const target = ending!;
        await end({ id: target.id, body: { endedOn: v.endedOn!.format('YYYY-MM-DD'), reason: v.reason!.trim() } });
        onClose();
        onEnded(`已终止 ${target.headName} 户的${registerName}认定`);
      }}
    >
      <Form.Item name="endedOn" label="终止日期" rules={[{ required: true, message: '请选择终止日期' }]}>
        <DatePicker
          format={DATE_FORMATS}
          style={{ width: 200 }}
          disabledDate={(d) => d.isAfter(today(), 'day') || (!!ending && d.isBefore(dayjs(ending.recognisedOn), 'day'))}
        />
      </Form.Item>
      <Form.Item name="reason" label="终止原因" rules={[{ required: true, whitespace: true, message: '请填写终止原因' }]}>
        <Input.TextArea rows={3} maxLength={200} showCount placeholder={reasonPlaceholder} />
      </Form.Item>
    </ModalForm>
  );
}
