import { afterEach } from 'vitest';
import { pendingRequests } from '../apps/server/src/testing/test-app.ts';
import { describeOpenPages } from './browser.ts';

// A failed journey prints where every open page stood: the step that waited in vain is then
// visible in the CI log, not just "Timeout 90000ms exceeded".
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const pending = pendingRequests();
  if (pending.length) console.error(`[${ctx.task.name}] 失败时服务器仍未答复的请求：\n${pending.join('\n')}`);
  const pages = await describeOpenPages();
  if (pages) console.error(`[${ctx.task.name}] 失败时各页面状态：\n${pages}`);
});
