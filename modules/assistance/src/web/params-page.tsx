import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PARAM_CATALOG, PROGRAMME_KEYS, PROGRAMME_SHORT_NAMES, DECIDING_LEVELS, type Programme } from '@mz/assistance';
import { isWithin, todayInShanghai } from '@mz/kernel';
import { ApiError, PageShell, ProblemAlert, RegionCascader, useMe, useSession, useViewRegion, ModalForm } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useAddParam, useEffectiveParams, useParamHistory, type EffectiveParam, type ParamRow } from './assistance.api.ts';
import { cnDate, cnDateTime } from './format.ts';
import { DATE_FORMATS } from './labels.ts';
import { formatParamValue, parseParamInput, paramInputText, UNIT_HINTS } from './param-value.ts';

const DAY = 'YYYY-MM-DD';

type ProgrammeFilter = 'all' | Programme;

/** Whether the catalog requires a region to set the key (no national value). */
const isRequired = (key: string) => PARAM_CATALOG[key]?.default === undefined;

function SourceCell({ p }: { p: EffectiveParam }) {
  if (p.source === 'default') return <Tag>全国默认值</Tag>;
  if (p.source === 'unset') return isRequired(p.key) ? <Tag color="red">未设置（必填）</Tag> : <Tag>未启用</Tag>;
  return (
    <Space size={4} wrap>
      {p.inherited ? <Tag color="blue">继承上级</Tag> : <Tag color="green">本级设置</Tag>}
      <span>{p.regionName ?? p.regionCode}</span>
      <Typography.Text type="secondary">{cnDate(p.effectiveFrom)}起</Typography.Text>
    </Space>
  );
}

/**
 * 政策参数: the standards, limits and ratios in force for a region on a date — each either set by
 * the region, inherited from a region above, or the national default — their history, and new
 * effective-dated rows (a row is never edited; a later one supersedes it from its date).
 */
export function ParamsPage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const [regionCode, setRegionCode] = useState<string>(view.code);
  const [on, setOn] = useState<string>(todayInShanghai());
  const [programme, setProgramme] = useState<ProgrammeFilter>('dibao');
  const [keyword, setKeyword] = useState('');
  const params = useEffectiveParams(regionCode, on);
  const [historyKey, setHistoryKey] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ key?: string; value?: string } | null>(null);
  const writable = can('assistance.params') && isWithin(regionCode, me.regionCode);

  const rows = useMemo(() => {
    const k = keyword.trim();
    return (params.data?.items ?? []).filter(
      (p) => (programme === 'all' || p.programme === programme) && (!k || p.name.includes(k) || p.key.includes(k)),
    );
  }, [params.data, programme, keyword]);
  const missing = (params.data?.items ?? []).filter((p) => p.source === 'unset' && isRequired(p.key));

  return (
    <PageShell
      title="政策参数"
      description="低保标准、财产限额、特困供养标准、临时救助额度等：本级设置、继承上级或采用全国默认值"
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({})}>
            新增设置
          </Button>
        )
      }
    >
      <div className="mz-panel">
        <Space wrap size={[16, 8]}>
          <span>
            区划：
            <RegionCascader rootCode={me.regionCode} value={regionCode} onChange={(c) => c && setRegionCode(c)} style={{ width: 280 }} aria-label="区划" />
          </span>
          <span>
            日期：
            <DatePicker
              value={dayjs(on, DAY)}
              allowClear={false}
              format={DATE_FORMATS}
              onChange={(d: Dayjs | null) => d && setOn(d.format(DAY))}
              style={{ width: 150 }}
              aria-label="查看日期"
            />
          </span>
          <Segmented<ProgrammeFilter>
            value={programme}
            onChange={setProgramme}
            options={[...PROGRAMME_KEYS.map((p) => ({ value: p, label: PROGRAMME_SHORT_NAMES[p] })), { value: 'all', label: '全部' }]}
          />
          <Input.Search placeholder="参数名称或代码" allowClear onSearch={setKeyword} onChange={(e) => !e.target.value && setKeyword('')} style={{ width: 220 }} />
        </Space>
      </div>

      <div className="mz-panel">
        {params.error && <ProblemAlert error={params.error} />}
        {missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${missing.length} 项必填参数在本区划及上级区划均未设置，相关救助无法计算`}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {missing.map((p) => (
                  <li key={p.key}>
                    {PROGRAMME_SHORT_NAMES[p.programme]}：{p.name}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Table<EffectiveParam>
          size="small"
          rowKey="key"
          loading={params.isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '没有符合条件的参数' }}
          columns={[
            {
              title: '参数',
              dataIndex: 'name',
              render: (name: string, p) => (
                <div>
                  <div>{name}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
                    {p.key}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: '当前值',
              key: 'value',
              width: 170,
              render: (_, p) => (
                <Typography.Text strong={p.source === 'row'} type={p.value === null ? 'secondary' : undefined}>
                  {formatParamValue(p.unit, p.value)}
                </Typography.Text>
              ),
            },
            { title: '来源', key: 'source', width: 290, render: (_, p) => <SourceCell p={p} /> },
            {
              title: '依据',
              dataIndex: 'basis',
              width: 220,
              ellipsis: { showTitle: false },
              render: (b: string) => (
                <Tooltip title={b}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {b}
                  </Typography.Text>
                </Tooltip>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              width: writable ? 150 : 80,
              render: (_, p) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistoryKey(p.key)}>
                    历史
                  </Button>
                  {writable && (
                    <Button type="link" size="small" onClick={() => setAdding({ key: p.key, value: paramInputText(p.unit, p.value) })}>
                      调整
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>

      <HistoryDrawer
        regionCode={regionCode}
        on={on}
        paramKey={historyKey}
        currentId={params.data?.items.find((p) => p.key === historyKey)?.id ?? null}
        onClose={() => setHistoryKey(null)}
      />
      <AddParamModal
        open={!!adding}
        initial={{ regionCode, key: adding?.key, value: adding?.value }}
        rootCode={me.regionCode}
        onClose={() => setAdding(null)}
      />
    </PageShell>
  );
}

interface HistoryDrawerProps {
  regionCode: string;
  /** The date the page looks at: rows after it are marked 待生效. */
  on: string;
  paramKey: string | null;
  currentId: string | null;
  onClose: () => void;
}

function HistoryDrawer({ regionCode, on, paramKey, currentId, onClose }: HistoryDrawerProps) {
  const history = useParamHistory(regionCode, paramKey ?? undefined);
  const def = paramKey ? PARAM_CATALOG[paramKey] : undefined;
  return (
    <Drawer title={def ? `参数历史：${def.name}` : '参数历史'} open={!!paramKey} onClose={onClose} size={760}>
      {def && (
        <Typography.Paragraph type="secondary">
          本区划及上级区划对该参数的全部设置，按生效日期从新到旧。依据：{def.basis}
          {def.default !== undefined && def.default !== null && `；全国默认值：${formatParamValue(def.unit, def.default)}`}
        </Typography.Paragraph>
      )}
      {history.error && <ProblemAlert error={history.error} />}
      <Table<ParamRow>
        size="small"
        rowKey="id"
        loading={history.isFetching}
        dataSource={history.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '本区划及上级区划从未设置，采用全国默认值或未启用' }}
        columns={[
          {
            title: '生效日期',
            dataIndex: 'effectiveFrom',
            width: 130,
            render: (v: string, r) => (
              <>
                {cnDate(v)}
                {r.id === currentId && (
                  <Tag color="green" style={{ marginInlineStart: 4 }}>
                    现行
                  </Tag>
                )}
                {v > on && (
                  <Tag color="orange" style={{ marginInlineStart: 4 }}>
                    待生效
                  </Tag>
                )}
              </>
            ),
          },
          { title: '区划', dataIndex: 'regionName', width: 120 },
          { title: '值', key: 'value', width: 140, render: (_, r) => formatParamValue(r.unit, r.value) },
          { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: '设置人',
            key: 'by',
            width: 170,
            render: (_, r) => (
              <div>
                <div>{r.createdByName ?? '—'}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {cnDateTime(r.createdAt)}
                </Typography.Text>
              </div>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

interface AddValues {
  regionCode?: string;
  key?: string;
  value?: string;
  effectiveFrom?: Dayjs | null;
  note?: string;
}

const KEY_OPTIONS = PROGRAMME_KEYS.map((programme) => ({
  label: PROGRAMME_SHORT_NAMES[programme],
  title: PROGRAMME_SHORT_NAMES[programme],
  options: Object.entries(PARAM_CATALOG)
    .filter(([, def]) => def.programme === programme)
    .map(([key, def]) => ({ value: key, label: def.name })),
}));

/** 新增设置: one effective-dated row; the value is checked by unit before it is sent. */
function AddParamModal({ open, initial, rootCode, onClose }: { open: boolean; initial: { regionCode: string; key?: string; value?: string }; rootCode: string; onClose: () => void }) {
  const { message } = App.useApp();
  const add = useAddParam();

  return (
    <ModalForm<AddValues>
      name="param"
      open={open}
      title="新增政策参数设置"
      okText="保存"
      width={620}
      initialValues={{ regionCode: initial.regionCode, key: initial.key, value: initial.value, effectiveFrom: dayjs().add(1, 'month').startOf('month') }}
      onClose={onClose}
      onSubmit={async (v) => {
        const parsed = parseParamInput(v.key!, v.value);
        // The field's validator has already run; this only guards the types.
        if (!parsed.ok) throw new ApiError({ status: 422, code: 'INVALID', title: '参数值不正确', errors: [{ path: 'value', message: parsed.message }] });
        const saved = await add.mutateAsync({
          regionCode: v.regionCode!,
          key: v.key!,
          value: parsed.value,
          effectiveFrom: v.effectiveFrom!.format(DAY),
          note: v.note?.trim() ?? '',
        });
        onClose();
        message.success(`已设置「${saved.name}」，自 ${cnDate(saved.effectiveFrom)} 起生效`);
      }}
    >
      {(form) => (
        <>
          <Form.Item name="regionCode" label="区划" rules={[{ required: true, message: '请选择区划' }]} extra="设置对本区划及全部下级区划生效，下级另有设置的除外">
            <RegionCascader rootCode={rootCode} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="key" label="参数" rules={[{ required: true, message: '请选择参数' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={KEY_OPTIONS}
              placeholder="输入名称搜索"
              onChange={() => form.setFields([{ name: 'value', value: undefined, errors: [] }])}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.key !== b.key}>
            {({ getFieldValue }) => {
              const key = getFieldValue('key') as string | undefined;
              const def = key ? PARAM_CATALOG[key] : undefined;
              const optional = def?.default !== undefined;
              return (
                <Form.Item
                  name="value"
                  label="值"
                  extra={def ? `${UNIT_HINTS[def.unit]}${optional ? '；留空表示本区划不启用（不继承上级设置）' : ''}。依据：${def.basis}` : undefined}
                  rules={[
                    {
                      validator: async (_, text: string | undefined) => {
                        if (!key) return;
                        const parsed = parseParamInput(key, text);
                        if (!parsed.ok) throw new Error(parsed.message);
                      },
                    },
                  ]}
                >
                  {def?.unit === 'level' ? (
                    <Select allowClear={optional} options={Object.entries(DECIDING_LEVELS).map(([value, label]) => ({ value, label }))} />
                  ) : (
                    <Input
                      disabled={!def}
                      style={{ width: 260 }}
                      suffix={def ? { fen: '元', ratio: '', count: '', days: '天', months: '个月', hours: '小时', level: '' }[def.unit] : undefined}
                    />
                  )}
                </Form.Item>
              );
            }}
          </Form.Item>
          <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker format={DATE_FORMATS} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="note" label="设置依据" rules={[{ required: true, whitespace: true, message: '请填写设置依据（文件名称或文号）' }]}>
            <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：吉民发〔2026〕1号 关于提高城乡低保标准的通知" />
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}
