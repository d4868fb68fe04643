/**
 * 申请信息核对 answered by a household verification report (低保办法第十七条; issue 6).
 *
 * The report needs its own transaction: the verifier reads other departments' records as the
 * owner after its own scope check, which the official's scoped transaction cannot do. So the step
 * runs in three parts, and a failure of any part leaves nothing half-done:
 *  1. the step is tried in the official's scope and rolled back — state, level, role, version and
 *     data refused exactly as the step itself would refuse them, before any department data is read;
 *  2. the verifier makes the report (its own transaction: a refusal there — no 授权核对书, outside
 *     the jurisdiction — records nothing and is reported as is);
 *  3. the step is taken with the report's summary in its decision data.
 * Only a change to the case between 1 and 3 (another official's step, caught by the version) can
 * leave a report without its step; the report is then listed under the case on the verification
 * pages and can be recorded with 录入核对结果.
 */
import type { Database } from '@mz/db';
import { auditActorOf, inScope } from '@mz/http';
import { DomainError, isDomainError } from '@mz/kernel';
import type { CaseDetail } from '../domain/index.ts';
import { takeAction, type ActionBody } from './case-action.service.ts';
import type { InvestigationVerifier } from './case-links.ts';

class TrialOnly extends Error {}

type FastifyRequest = Parameters<typeof auditActorOf>[0];

export async function requestVerificationStep(
  db: Database, request: FastifyRequest, verifier: InvestigationVerifier, caseId: string, body: ActionBody,
): Promise<CaseDetail> {
  const who = auditActorOf(request);
  let regionCode = '';
  try {
    await inScope(db, request, async (tx, actor) => {
      regionCode = actor.regionCode;
      await takeAction(tx, actor, who, caseId, 'request_verification', body);
      throw new TrialOnly();
    });
  } catch (err) {
    if (!(err instanceof TrialOnly)) throw err;
  }
  let report;
  try {
    report = await verifier.request(db, { ...who, regionCode }, caseId);
  } catch (err) {
    if (isDomainError(err)) throw err;
    request.log.error({ err }, 'household verification report failed');
    throw new DomainError({
      code: 'VERIFICATION_UNAVAILABLE', status: 503, title: '家庭经济状况核对暂时无法完成，「申请信息核对」未办理',
      detail: '请稍后重试；如核对系统持续不可用，可线下核对后在「录入核对结果」中手工录入',
    });
  }
  return inScope(db, request, (tx, actor) => takeAction(tx, actor, who, caseId, 'request_verification', body, new Date(), { report }));
}
