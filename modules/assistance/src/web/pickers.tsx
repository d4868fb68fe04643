import { Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useHouseholdSearch, usePersonSearch, type HouseholdRow, type PersonSummary } from './assistance.api.ts';
import { SEX_TEXT } from './labels.ts';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

interface HouseholdPickerProps {
  value?: string;
  onChange?: (householdId: string | undefined, household?: HouseholdRow) => void;
  /** Scope of the search (default: the caller's jurisdiction). */
  regionCode?: string;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  disabled?: boolean;
  /** A household the page already knows (just registered), shown with its label when chosen from outside. */
  known?: HouseholdRow;
}

/**
 * Picks a registry household by 户主姓名, 身份证号 or address (GET /registry/households). With an
 * empty search box it lists the first households of the jurisdiction, which is what a village
 * clerk with a few dozen households wants.
 */
export function HouseholdPicker({ value, onChange, regionCode, placeholder, style, id, disabled, known }: HouseholdPickerProps) {
  const [term, setTerm] = useState('');
  const debounced = useDebounced(term, 300);
  const search = useHouseholdSearch(debounced, regionCode);
  // The chosen household keeps its label when the search moves on.
  const [chosen, setChosen] = useState<HouseholdRow | undefined>();
  useEffect(() => {
    if (!value) setChosen(undefined);
    else if (known && known.id === value) setChosen(known);
  }, [value, known]);

  const rows = useMemo(() => {
    const found = search.data?.items ?? [];
    return chosen && !found.some((h) => h.id === chosen.id) ? [chosen, ...found] : found;
  }, [search.data, chosen]);

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      allowClear
      disabled={disabled}
      value={value}
      style={style}
      placeholder={placeholder ?? '输入户主姓名、身份证号或住址搜索'}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? '查询中…' : search.isError ? '查询失败' : '没有找到符合条件的家庭'}
      onChange={(hid) => {
        const row = rows.find((h) => h.id === hid);
        setChosen(row);
        onChange?.(hid, row);
      }}
      optionLabelProp="title"
      options={rows.map((h) => ({
        value: h.id,
        title: `${h.headName ?? '（无户主）'}户（${h.memberCount} 人）`,
        label: (
          <Space size={8}>
            <span>{h.headName ?? '（无户主）'}户</span>
            {h.headIdNumberMasked && <Typography.Text type="secondary">{h.headIdNumberMasked}</Typography.Text>}
            <Typography.Text type="secondary">{h.memberCount} 人</Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220 }}>
              {h.regionName} {h.address}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}

interface PersonPickerProps {
  value?: string;
  onChange?: (personId: string | undefined, person?: PersonSummary) => void;
  regionCode?: string;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  disabled?: boolean;
}

/** Picks a registry person by 身份证号 / 姓名 / 拼音首字母 (GET /registry/persons). */
export function PersonPicker({ value, onChange, regionCode, placeholder, style, id, disabled }: PersonPickerProps) {
  const [term, setTerm] = useState('');
  const debounced = useDebounced(term, 300);
  const search = usePersonSearch(debounced, regionCode);
  const [chosen, setChosen] = useState<PersonSummary | undefined>();
  useEffect(() => {
    if (!value) setChosen(undefined);
  }, [value]);

  const people = useMemo(() => {
    const found = search.data?.items ?? [];
    return chosen && !found.some((p) => p.id === chosen.id) ? [chosen, ...found] : found;
  }, [search.data, chosen]);

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      allowClear
      disabled={disabled}
      value={value}
      style={style}
      placeholder={placeholder ?? '输入身份证号、姓名或拼音首字母搜索'}
      loading={search.isFetching}
      notFoundContent={
        term.trim().length < 2 ? '至少输入 2 个字符' : search.isFetching ? '查询中…' : search.isError ? '查询失败' : '没有找到符合条件的人员'
      }
      onChange={(pid) => {
        const person = people.find((p) => p.id === pid);
        setChosen(person);
        onChange?.(pid, person);
      }}
      optionLabelProp="title"
      options={people.map((p) => ({
        value: p.id,
        title: `${p.name}（${p.idNumberMasked}）`,
        label: (
          <Space size={8}>
            <span>{p.name}</span>
            <Typography.Text type="secondary">{p.idNumberMasked}</Typography.Text>
            <Typography.Text type="secondary">
              {SEX_TEXT[p.sex] ?? ''} {p.age}岁
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 160 }}>
              {p.regionName}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
