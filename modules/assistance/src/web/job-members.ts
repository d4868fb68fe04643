/**
 * Which members of a 低保 case the 低保办法第三十四条 steps may name. The server decides in the end
 * (a member must be covered, of working capacity, with three refusals in a row); the dialog offers
 * only the members it could accept, so an official does not pick someone the law does not reach.
 */
import { incapacityReasons, JOB_REFUSAL_LIMIT, type CaseDetail } from '@mz/assistance';

/**
 * `covered`: members the benefit covers now (a job taken up is recorded only for them);
 * `workable`: the same, with those who by age cannot work shown but not choosable (a refusal
 * counts only for a member able to work, 特困办法第五条 — disability the server checks itself);
 * `refusedThrice`: covered members whose current run of refusals without good reason has
 * reached three (the only ones whose own share may be stopped).
 */
export type MemberSource = 'covered' | 'workable' | 'refusedThrice';

export interface MemberChoice {
  value: string;
  label: string;
  disabled?: boolean;
}

type Detail = Pick<CaseDetail, 'household' | 'jobRefusals' | 'excludedMembers'>;

/** Covered members whose own share has not been stopped, in the household's order. */
function coveredMembers(detail: Detail) {
  const stopped = new Set(detail.excludedMembers.map((m) => m.personId));
  return (detail.household?.members ?? []).filter((m) => m.covered && !stopped.has(m.personId));
}

/** The members one picker offers, labelled as the official knows them. */
export function memberChoices(detail: Detail, source: MemberSource): MemberChoice[] {
  const covered = coveredMembers(detail);
  if (source === 'covered' || source === 'workable') {
    const runs = new Map(detail.jobRefusals.map((r) => [r.personId, r.consecutive]));
    return covered.map((m) => {
      const unable = source === 'workable' ? incapacityReasons(m.age, null) : [];
      if (unable.length) return { value: m.personId, label: `${m.name}（${unable.join('、')}，无劳动能力）`, disabled: true };
      const n = runs.get(m.personId) ?? 0;
      return { value: m.personId, label: n > 0 ? `${m.name}（已连续拒绝${n}次）` : m.name };
    });
  }
  const coveredIds = new Set(covered.map((m) => m.personId));
  return detail.jobRefusals
    .filter((r) => r.consecutive >= JOB_REFUSAL_LIMIT && coveredIds.has(r.personId))
    .map((r) => ({ value: r.personId, label: `${r.name}（无正当理由连续拒绝${r.consecutive}次）` }));
}
