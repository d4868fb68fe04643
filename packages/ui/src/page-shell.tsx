import { Breadcrumb, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';

export const PRODUCT_NAME = '民政综合业务信息平台';

interface PageHeaderProps {
  title: ReactNode;
  /** One short line under the title: what this page is for. */
  description?: ReactNode;
  breadcrumb?: { title: ReactNode; onClick?: () => void }[];
  /** Primary actions, right-aligned (新增 …). */
  extra?: ReactNode;
}

export function PageHeader({ title, description, breadcrumb, extra }: PageHeaderProps) {
  return (
    <div className="mz-page-header">
      {breadcrumb && breadcrumb.length > 0 && (
        <Breadcrumb
          style={{ marginBottom: 4 }}
          items={breadcrumb.map((b) => ({
            title: b.onClick ? (
              <a
                onClick={(e) => {
                  e.preventDefault();
                  b.onClick!();
                }}
                href="#"
              >
                {b.title}
              </a>
            ) : (
              b.title
            ),
          }))}
        />
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, minHeight: 32 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 'none' }}>
          {title}
        </Typography.Title>
        {description && (
          <Typography.Text type="secondary" style={{ flex: 1, minWidth: 0 }} ellipsis>
            {description}
          </Typography.Text>
        )}
        <div style={{ marginLeft: 'auto', display: 'flex', gap: 8, flex: 'none' }}>{extra}</div>
      </div>
    </div>
  );
}

interface PageShellProps extends PageHeaderProps {
  /** Browser tab title; defaults to `title` when it is a string. */
  documentTitle?: string;
  children: ReactNode;
}

/** Standard page: header bar (title, description, actions) over the content. */
export function PageShell({ documentTitle, children, ...header }: PageShellProps) {
  const tabTitle = documentTitle ?? (typeof header.title === 'string' ? header.title : undefined);
  useEffect(() => {
    document.title = tabTitle ? `${tabTitle} - ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [tabTitle]);
  return (
    <div className="mz-page">
      <PageHeader {...header} />
      <div className="mz-page-body">{children}</div>
    </div>
  );
}
