import { Form, Modal, type FormInstance } from 'antd';
import type { FieldError } from './api.ts';
import { applyFieldErrors } from './form-errors.ts';
import { ProblemAlert } from './problem-alert.tsx';
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ModalFormProps<V extends object> {
  /** Prefix of the field ids, so two dialogs on one page do not share `#opinion`. */
  name: string;
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<V>;
  /** Above the fields: what the action does, the amount it will fix, and so on. */
  intro?: ReactNode;
  /** Replaces the problem alert for errors the caller explains itself (a version conflict). */
  renderError?: (error: unknown) => ReactNode | undefined;
  onClose: () => void;
  /** Rejects with the API error; its field errors are put on the fields, the rest shown on top. */
  onSubmit: (values: V) => Promise<unknown>;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** A dialog holding one form: 确定 or Enter submits; server problems stay in the dialog. */
export function ModalForm<V extends object>(props: ModalFormProps<V>) {
  const { name, open, title, okText = '确定', danger, width = 560, initialValues, intro, renderError, onClose, onSubmit, children } = props;
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  // Each opening starts clean: a dialog reopened for the next case must not show the last one's text.
  useEffect(() => {
    if (!open) return;
    setError(null);
    setLeftover([]);
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues as never);
  }, [open]);

  const finish = async (values: V) => {
    setError(null);
    setLeftover([]);
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (err) {
      setError(err);
      setLeftover(applyFieldErrors(form, err).unmatched);
    } finally {
      setBusy(false);
    }
  };

  // Each opening gets a fresh dialog. A dialog closed while its button was loading kept showing
  // the spinner when reopened for the next step (the closed panel is not re-rendered), and the
  // button could no longer be pressed.
  const wasOpen = useRef(false);
  const session = useRef(0);
  if (open && !wasOpen.current) session.current += 1;
  wasOpen.current = open;

  const custom = error ? renderError?.(error) : undefined;
  return (
    <Modal
      key={session.current}
      title={title}
      open={open}
      width={width}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: busy }}
      forceRender
      maskClosable={false}
    >
      {custom ?? (!!error && <ProblemAlert error={error} fieldErrors={leftover} />)}
      {intro}
      <Form<V> name={name} form={form} layout="vertical" onFinish={finish} autoComplete="off" scrollToFirstError>
        {typeof children === 'function' ? children(form) : children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
