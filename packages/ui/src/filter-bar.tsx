import { SearchOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';

interface FilterBarProps<V extends object> {
  form: FormInstance<V>;
  /** Current values (from the URL), every key present; the form follows them on back/forward. */
  values: V;
  onSearch: (values: V) => void;
  /** Fields 重置 leaves alone (e.g. the drill-down region). */
  keepOnReset?: (keyof V)[];
  children: ReactNode;
}

/** The filter form above a 查询表格: inline fields, Enter or 查询 searches, 重置 clears and searches. */
export function FilterBar<V extends object>({ form, values, onSearch, keepOnReset = [], children }: FilterBarProps<V>) {
  // setFieldsValue skips `undefined`, so cleared filters would linger: set every field explicitly.
  const fill = (v: V) => form.setFields(Object.entries(v).map(([name, value]) => ({ name: name as never, value })));
  const valuesKey = JSON.stringify(values, (_k, v: unknown) => (v === undefined ? null : v));
  useEffect(() => {
    fill(values);
  }, [valuesKey, form]);

  const reset = () => {
    const cleared = Object.fromEntries(
      Object.keys(values).map((k) => [k, keepOnReset.includes(k as keyof V) ? (values as Record<string, unknown>)[k] : undefined]),
    ) as V;
    fill(cleared);
    onSearch(cleared);
  };

  return (
    <Form<V> form={form} layout="inline" className="mz-filter-bar" onFinish={onSearch} initialValues={values} role="search">
      {children}
      <Form.Item style={{ marginInlineEnd: 0 }}>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
        <Button style={{ marginInlineStart: 8 }} icon={<UndoOutlined />} onClick={reset}>
          重置
        </Button>
      </Form.Item>
    </Form>
  );
}
