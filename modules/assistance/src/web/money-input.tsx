import { Input } from 'antd';
import { fenToYuanString } from '@mz/kernel';
import { useEffect, useState, type CSSProperties } from 'react';
import { parseYuan } from './format.ts';

interface MoneyInputProps {
  /** Integer fen, as the API wants it. */
  value?: number | null;
  onChange?: (fen: number | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  disabled?: boolean;
  'aria-label'?: string;
}

/**
 * An amount typed in 元, held by the form in fen. A text box rather than a number box: typed
 * digits are converted exactly by the kernel (no float ever sees "0.1"), and a half-typed "12."
 * stays on screen while the form holds no value for it yet.
 */
export function MoneyInput({ value, onChange, placeholder, style, id, disabled, 'aria-label': ariaLabel }: MoneyInputProps) {
  const [text, setText] = useState(() => (typeof value === 'number' ? fenToYuanString(value) : ''));

  // Follow the form when it changes the value (reset, prefill), not when our own typing did.
  useEffect(() => {
    const typed = parseYuan(text);
    if (typeof value === 'number' ? typed !== value : typed !== undefined) {
      setText(typeof value === 'number' ? fenToYuanString(value) : '');
    }
  }, [value]);

  return (
    <Input
      id={id}
      aria-label={ariaLabel}
      value={text}
      disabled={disabled}
      inputMode="decimal"
      status={text.trim() && parseYuan(text) === undefined ? 'error' : undefined}
      placeholder={placeholder ?? '0.00'}
      suffix="元"
      style={{ width: 160, ...style }}
      onChange={(e) => {
        const next = e.target.value.replace(/[，,\s¥]/g, '');
        setText(next);
        onChange?.(parseYuan(next));
      }}
      onBlur={() => {
        // Tidy a valid amount to two decimals; leave an invalid one for the field's rule to flag.
        const fen = parseYuan(text);
        if (fen !== undefined) setText(fenToYuanString(fen));
      }}
    />
  );
}

/** Form rule: required and a valid amount in 元 (the input holds `undefined` while it is not). */
export const moneyRule = (label: string, required = true) => ({
  validator: async (_: unknown, v: number | undefined | null) => {
    if (v === undefined || v === null) {
      if (required) throw new Error(`请填写${label}（元，最多两位小数）`);
    }
  },
});
