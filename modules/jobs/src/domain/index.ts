/** What `GET /api/v1/jobs/{id}` answers. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export const JOB_STATUSES: Record<JobStatus, string> = { queued: '排队中', running: '执行中', succeeded: '已完成', failed: '失败' };

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
