import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PageShell, ProblemAlert, RegionCascader, errorText, useListParams, useMe, useSession, useViewRegion, ModalForm } from '@mz/ui';
import { useState } from 'react';
import { useAddNearKin, useNearKin, useRemoveNearKin, type NearKinEntry, type OfficialRole } from './assistance.api.ts';
import { cnDateTime } from './format.ts';
import { optionsOf } from './labels.ts';
import { PersonPicker } from './pickers.tsx';
import { NEAR_KIN_RELATIONS, OFFICIAL_ROLES } from './vocab.ts';

interface Values {
  officialName?: string;
  officialRole?: OfficialRole;
  regionCode?: string;
  relativePersonId?: string;
  relation?: string;
  note?: string;
}

const FILTER_KEYS = ['removed'] as const;

/**
 * 近亲属备案 (低保办法第十一条): relatives of 低保 case workers and village/community committee
 * members. A case of a household with a registered relative is flagged and needs a county home
 * visit before it can be decided (第二十条第二款).
 */
export function NearKinPage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const { message } = App.useApp();
  const list = useListParams(FILTER_KEYS);
  const includeRemoved = list.filters.removed === 'true';
  const entries = useNearKin({ regionCode: view.code, includeRemoved, page: list.page, pageSize: list.pageSize });
  const add = useAddNearKin();
  const remove = useRemoveNearKin();
  const [adding, setAdding] = useState(false);
  const writable = can('assistance.params');

  return (
    <PageShell
      title="近亲属备案"
      description="经办人员、村（居）委会成员的近亲属申请低保时单独登记备案，审核确认前须经县级入户核查"
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            新增备案
          </Button>
        )
      }
    >
      <div className="mz-panel">
        <Space style={{ marginBottom: 12 }}>
          <Checkbox checked={includeRemoved} onChange={(e) => list.setFilters({ removed: e.target.checked ? 'true' : undefined })}>
            显示已撤销的备案
          </Checkbox>
        </Space>
        {entries.error && <ProblemAlert error={entries.error} />}
        <Table<NearKinEntry>
          size="small"
          rowKey="id"
          loading={entries.isFetching}
          dataSource={entries.data?.items ?? []}
          pagination={list.pagination(entries.data?.total)}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '暂无备案' }}
          columns={[
            { title: '工作人员', dataIndex: 'officialName', width: 110 },
            { title: '身份', dataIndex: 'officialRoleName', width: 140 },
            {
              title: '任职区划',
              dataIndex: 'regionName',
              width: 160,
              ellipsis: true,
              render: (v: string | null, e) => <Tooltip title={e.regionCode}>{v ?? e.regionCode}</Tooltip>,
            },
            {
              title: '近亲属',
              key: 'relative',
              width: 230,
              render: (_, e) => (
                <>
                  {e.relativeName}{' '}
                  <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                    {e.relativeIdMasked}
                  </Typography.Text>
                </>
              ),
            },
            { title: '关系', dataIndex: 'relationName', width: 130 },
            { title: '备注', dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
            {
              title: '登记',
              key: 'created',
              width: 170,
              render: (_, e) => (
                <div>
                  <div>{cnDateTime(e.createdAt)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.createdByName ?? ''}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 110,
              render: (_, e) =>
                e.removedAt ? (
                  <Tooltip title={`${cnDateTime(e.removedAt)} ${e.removedByName ?? ''}撤销`}>
                    <Tag>已撤销</Tag>
                  </Tooltip>
                ) : (
                  writable && (
                    <Popconfirm
                      title="撤销备案"
                      description={`撤销后，${e.relativeName}所在家庭的新申请不再标记为近亲属备案，已有案件不受影响。确定撤销吗？`}
                      okText="撤销"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={async () => {
                        try {
                          await remove.mutateAsync(e.id);
                          message.success(`已撤销 ${e.relativeName} 的近亲属备案`);
                        } catch (err) {
                          message.error(errorText(err));
                        }
                      }}
                    >
                      <Button type="link" size="small" danger>
                        撤销
                      </Button>
                    </Popconfirm>
                  )
                ),
            },
          ]}
        />
      </div>

      <ModalForm<Values>
        name="nearKin"
        open={adding}
        title="新增近亲属备案"
        okText="登记"
        initialValues={{ regionCode: view.code }}
        onClose={() => setAdding(false)}
        intro={
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="近亲属：配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女（民法典第一千零四十五条）"
          />
        }
        onSubmit={async (v) => {
          const saved = await add.mutateAsync({
            officialName: v.officialName!.trim(),
            officialRole: v.officialRole!,
            regionCode: v.regionCode ?? null,
            relativePersonId: v.relativePersonId!,
            relation: v.relation!,
            note: v.note?.trim() || null,
          });
          setAdding(false);
          message.success(`已登记 ${saved.relativeName} 的近亲属备案`);
        }}
      >
        <Form.Item name="officialName" label="工作人员姓名" rules={[{ required: true, whitespace: true, message: '请输入工作人员姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="officialRole" label="工作人员身份" rules={[{ required: true, message: '请选择工作人员身份' }]}>
          <Select options={optionsOf(OFFICIAL_ROLES)} />
        </Form.Item>
        <Form.Item name="regionCode" label="任职区划" rules={[{ required: true, message: '请选择任职区划' }]}>
          <RegionCascader rootCode={me.regionCode} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="relativePersonId"
          label="近亲属"
          rules={[{ required: true, message: '请从人口库选择近亲属' }]}
          extra="从人口与家庭基础库中选择；尚未登记的，请先在“人员查询”中登记"
        >
          <PersonPicker />
        </Form.Item>
        <Form.Item name="relation" label="近亲属是工作人员的" rules={[{ required: true, message: '请选择关系' }]}>
          <Select options={optionsOf(NEAR_KIN_RELATIONS)} />
        </Form.Item>
        <Form.Item name="note" label="备注（可不填）">
          <Input maxLength={200} />
        </Form.Item>
      </ModalForm>
    </PageShell>
  );
}
