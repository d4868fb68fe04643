import { Tag } from 'antd';
import type { ReactNode } from 'react';

export type StatusTone = 'success' | 'processing' | 'warning' | 'error' | 'default';

export interface StatusOption {
  text: string;
  tone: StatusTone;
}

interface StatusTagProps {
  /** Either a value looked up in `options`, or an explicit tone + children. */
  value?: string | null;
  options?: Record<string, StatusOption>;
  tone?: StatusTone;
  children?: ReactNode;
  title?: string;
}

/** A coloured status label (正常 / 停用 / 已锁定 …) with consistent colours across modules. */
export function StatusTag({ value, options, tone, children, title }: StatusTagProps) {
  const option = value != null && options ? options[value] : undefined;
  const color = tone ?? option?.tone ?? 'default';
  return (
    <Tag color={color} title={title} style={{ marginInlineEnd: 4 }}>
      {children ?? option?.text ?? value ?? '—'}
    </Tag>
  );
}
