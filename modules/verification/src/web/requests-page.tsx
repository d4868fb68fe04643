import { FileSearchOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Table } from 'antd';
import { ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useListParams, useSession } from '@mz/ui';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CONCLUSION_OPTIONS, casePath } from './labels.ts';
import { useCreateRequest, useRequests, type RequestView } from './verification.api.ts';

const FILTER_KEYS = ['caseId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 家庭经济状况核对: the requests of the jurisdiction (or of one case, ?caseId=), and a new request for a case. */
export function RequestsPage() {
  const { can } = useSession();
  const list = useListParams(FILTER_KEYS);
  const caseId = list.filters.caseId && UUID.test(list.filters.caseId) ? list.filters.caseId : undefined;
  const requests = useRequests({ caseId, page: list.page, pageSize: list.pageSize });
  const [creating, setCreating] = useState(false);

  return (
    <PageShell
      title="家庭经济状况核对"
      description="对救助申请家庭的全部成员比对各部门数据，即时出具核对报告（3 个工作日内办结）"
      extra={can('verification.handle') && <Button type="primary" icon={<FileSearchOutlined />} onClick={() => setCreating(true)}>发起核对</Button>}
    >
      <div className="mz-panel">
        {requests.error && <ProblemAlert error={requests.error} />}
        <Table<RequestView>
          size="small"
          rowKey="id"
          loading={requests.isFetching}
          dataSource={requests.data?.items ?? []}
          pagination={list.pagination(requests.data?.total)}
          locale={{ emptyText: caseId ? '该案件尚未发起核对' : '尚未发起核对' }}
          scroll={{ x: 1100 }}
          columns={[
            { title: '编号', dataIndex: 'requestNo', width: 80, render: (v: number, r) => <Link to={`/verification/requests/${r.id}`}>{v}</Link> },
            { title: '案件', dataIndex: 'caseNo', width: 190, render: (v: string, r) => <Link to={casePath(r.caseId)}>{v}</Link> },
            { title: '申请人', dataIndex: 'applicantName', width: 100 },
            { title: '所在地', dataIndex: 'regionName', width: 130 },
            { title: '核对人数', dataIndex: 'members', width: 90, align: 'right' },
            { title: '结论', dataIndex: 'conclusion', width: 110, render: (v: string | null) => <StatusTag value={v} options={CONCLUSION_OPTIONS} /> },
            { title: '发起日期', dataIndex: 'requestedOn', width: 110 },
            { title: '办结期限', dataIndex: 'dueOn', width: 110 },
            { title: '出具报告', dataIndex: 'reportedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
            { title: '发起人', dataIndex: 'createdByName', width: 140 },
          ]}
        />
      </div>
      <NewRequestDialog open={creating} caseId={caseId} onClose={() => setCreating(false)} />
    </PageShell>
  );
}

function NewRequestDialog({ open, caseId, onClose }: { open: boolean; caseId?: string; onClose: () => void }) {
  const create = useCreateRequest();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <ModalForm<{ caseId: string }>
      name="verification-request"
      open={open}
      title="发起家庭经济状况核对"
      okText="核对"
      initialValues={{ caseId }}
      intro="核对该案件家庭的全部成员（须已签署授权核对书），比对各部门当前有效的数据，并按当地低保标准和财产限额给出结论。"
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await create.mutateAsync(v.caseId.trim());
        message.success(`已出具核对报告：${r.conclusionName ?? ''}`);
        onClose();
        navigate(`/verification/requests/${r.id}`);
      }}
    >
      <Form.Item name="caseId" label="救助案件编号" rules={[{ required: true, message: '请填写案件编号' }, { pattern: UUID, message: '案件编号格式不正确' }]}>
        <Input placeholder="从救助案件页面复制" />
      </Form.Item>
    </ModalForm>
  );
}
