import { Form, Modal, type FormInstance } from 'antd';
import { applyFieldErrors, ProblemAlert, type FieldError } from '@mz/ui';
import { useEffect, useState, type ReactNode } from 'react';

interface FormModalProps<V extends object> {
  /** Form name: prefixes the field ids (several modals live on one page). */
  name: string;
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  /** Values the form opens with (each time it opens). */
  initialValues?: Partial<V>;
  onClose: () => void;
  /** Throws the API error on failure; its field errors go onto the fields. */
  onSubmit: (values: V) => Promise<unknown>;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** A small modal form: Enter or 确定 submits, server field errors land on fields, the rest above. */
export function FormModal<V extends object>({ name, open, title, okText = '确定', danger, width = 520, initialValues, onClose, onSubmit, children }: FormModalProps<V>) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>(null);
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setUnmatched([]);
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues as never);
  }, [open]);

  const onFinish = async (v: V) => {
    setError(null);
    setUnmatched([]);
    setPending(true);
    try {
      await onSubmit(v);
    } catch (err) {
      setError(err);
      setUnmatched(applyFieldErrors(form, err).unmatched);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      width={width}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      okButtonProps={{ danger, loading: pending }}
      destroyOnHidden={false}
      forceRender
      maskClosable={false}
    >
      {!!error && <ProblemAlert error={error} fieldErrors={unmatched} />}
      <Form<V> name={name} form={form} layout="vertical" onFinish={onFinish} autoComplete="off">
        {typeof children === 'function' ? children(form) : children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
