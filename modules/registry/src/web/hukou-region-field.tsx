import { Input, Space, Typography } from 'antd';
import { jurisdictionPath, RegionCascader, useMe } from '@mz/ui';
import { useState } from 'react';

interface HukouRegionFieldProps {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  id?: string;
}

/**
 * 户籍地区划: may lie outside the clerk's jurisdiction (even in another province). The cascader is
 * rooted at the clerk's province; for another province the clerk types the code instead.
 */
export function HukouRegionField({ value, onChange, id }: HukouRegionFieldProps) {
  const me = useMe();
  const province = jurisdictionPath(me)[0]?.code ?? me.regionCode;
  const outside = !!value && value.slice(0, 2) !== province.slice(0, 2);
  const [typing, setTyping] = useState(outside);
  const mode = typing || outside;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      {mode ? (
        <Input
          id={id}
          value={value ?? ''}
          maxLength={12}
          placeholder="12 位区划代码，如 110105000000"
          onChange={(e) => onChange?.(e.target.value.replace(/\D/g, '') || undefined)}
        />
      ) : (
        <RegionCascader id={id} rootCode={province} value={value} onChange={(c) => onChange?.(c)} allowClear style={{ width: '100%' }} />
      )}
      <Typography.Link
        style={{ fontSize: 12 }}
        onClick={() => {
          if (mode) onChange?.(undefined);
          setTyping(!mode);
        }}
      >
        {mode ? '从本省区划中选择' : '外省户籍？输入区划代码'}
      </Typography.Link>
    </Space>
  );
}
