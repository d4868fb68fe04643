import { Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { PersonSummary } from '@mz/registry';
import { sexLabel } from './labels.ts';
import { usePersonSearch } from './registry.api.ts';

interface PersonPickerProps {
  value?: string;
  onChange?: (personId: string | undefined, person?: PersonSummary) => void;
  /** Scope of the search (default: the caller's whole jurisdiction). */
  regionCode?: string;
  /** People that may not be chosen (already in the list, for instance). */
  excludeIds?: readonly string[];
  /** Mark people who already belong to a household. */
  warnInHousehold?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  disabled?: boolean;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Picks a person by 身份证号 / 姓名 / 拼音首字母 through GET /registry/persons. */
export function PersonPicker({ value, onChange, regionCode, excludeIds = [], warnInHousehold, placeholder, style, id, disabled }: PersonPickerProps) {
  const [term, setTerm] = useState('');
  const debounced = useDebounced(term, 300);
  const search = usePersonSearch(debounced, regionCode);
  // Keep the chosen person's label when the search moves on.
  const [chosen, setChosen] = useState<PersonSummary | undefined>();
  useEffect(() => {
    if (!value) setChosen(undefined);
  }, [value]);

  const people = useMemo(() => {
    const found = (search.data?.items ?? []).filter((p) => !excludeIds.includes(p.id) || p.id === value);
    return chosen && !found.some((p) => p.id === chosen.id) ? [chosen, ...found] : found;
  }, [search.data, chosen, excludeIds, value]);

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
      onChange={(id) => {
        const person = people.find((p) => p.id === id);
        setChosen(person);
        onChange?.(id, person);
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
              {sexLabel(p.sex)} {p.age}岁
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 160 }}>
              {p.regionName}
            </Typography.Text>
            {warnInHousehold && p.householdId && <Typography.Text type="warning">已在其他家庭</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}
