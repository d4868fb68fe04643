import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { ApiError, type FieldError } from './api.ts';

/** One line for a toast: the server's Chinese detail, else its title. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? error.title;
  if (error instanceof Error && error.message) return `操作失败：${error.message}`;
  return '操作失败，请稍后重试';
}

interface ProblemAlertProps {
  error: unknown;
  /** Field errors not already shown at the field (see applyFieldErrors().unmatched). */
  fieldErrors?: FieldError[];
  style?: CSSProperties;
  onClose?: () => void;
}

/** Shows an API problem (title, detail, leftover field errors) above a form or table. */
export function ProblemAlert({ error, fieldErrors, style, onClose }: ProblemAlertProps) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  const title = api ? api.title : '操作失败';
  const detail = api ? api.detail : error instanceof Error ? error.message : undefined;
  const extra = fieldErrors ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={
        detail || extra.length ? (
          <>
            {detail && <div>{detail}</div>}
            {extra.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {extra.map((fe, i) => (
                  <li key={i}>{fe.message}</li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
      closable={onClose ? { onClose } : undefined}
      style={{ marginBottom: 12, ...style }}
    />
  );
}
