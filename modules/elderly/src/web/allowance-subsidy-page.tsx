import { Tabs } from 'antd';
import { PageShell } from '@mz/ui';
import { useSearchParams } from 'react-router';
import { ApplicationsPanel, EnrolmentsPanel, ParamsPanel, RunsPanel } from './allowance.components.tsx';

/**
 * 养老服务补贴 and 护理补贴 for 低保、特困 and 低保边缘 elderly, by the assessed ability level:
 * applications, the 享受名单 with reassessments due or overdue, the county's monthly 复核名单 (who
 * stops or changes amount, approved by the county), and the parameters.
 */
export function SubsidyPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'enrolments';
  return (
    <PageShell
      title="养老补贴"
      description="养老服务补贴、护理补贴：面向低保、特困人员和低保边缘家庭的老年人，按老年人能力评估等级确定标准；每月复核名单列出不再是低保、特困或低保边缘的（状态终止次月起停发）、复评等级变化的（评估次月起按新标准）、死亡和迁出的；逾期未复评的只提示、不停发。县级审批后生效。"
    >
      <div className="mz-panel">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key })}
          items={[
            { key: 'reviews', label: '复核名单', children: <RunsPanel scheme="subsidies" /> },
            { key: 'enrolments', label: '享受名单', children: <EnrolmentsPanel programmes={['elderly_service', 'elderly_care']} /> },
            { key: 'applications', label: '申请', children: <ApplicationsPanel programmes={['elderly_service', 'elderly_care']} /> },
            { key: 'params', label: '参数', children: <ParamsPanel /> },
          ]}
        />
      </div>
    </PageShell>
  );
}
