/**
 * 低保 dynamic management rules that are plain arithmetic on a case's decision log or on dates:
 *
 * - 低保办法第三十四条: an able-bodied unemployed member who refuses introduced suitable work
 *   three times in a row without good reason may have their own benefit reduced or stopped.
 *   "In a row" is read per member, in the order the offers were made: a refusal with good reason,
 *   an accepted job, or a decision already taken on the run (the member's share stopped) ends it.
 * - 2022通知一(三): after a member's death the household is re-checked within three months.
 *
 * Both are pure so the guard, the server and the tests count the same way.
 */
import { addMonthsToDate, type IsoDate } from '@mz/kernel';
import type { DecisionRecord } from '@mz/workflow';

/** 低保办法第三十四条 "连续三次". A national number, not a local parameter. */
export const JOB_REFUSAL_LIMIT = 3;

/** 2022通知一(三): "家庭成员死亡的，应在3个月内…完成复核". */
export const DEATH_RECHECK_MONTHS = 3;

export type JobEventKind = 'refusal' | 'accepted' | 'excluded';

/** One fact about a member and introduced work, as the decision log records it. */
export interface JobEvent {
  personId: string;
  kind: JobEventKind;
  /** The day the job was offered (refusal), taken up (accepted) or the decision was taken (excluded). */
  on: IsoDate;
  /** Only for refusals: the refusal had a good reason (it then does not count and ends the run). */
  goodReason?: boolean;
  /** Order in the decision log; breaks ties between events of one day. */
  seq: number;
  job?: string;
  employer?: string;
}

export interface RefusalRun {
  personId: string;
  /** Refusals without good reason since the last event that ended a run. */
  consecutive: number;
  /** Those refusals, oldest first (what the case page and the decision cite). */
  refusals: { on: IsoDate; job: string; employer: string }[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function dayOf(instant: string): IsoDate {
  // Decisions are stamped as instants; the Beijing date is the day the official acted.
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The job facts of a 低保 case from its decision log: `record_job_refusal`, `record_job_accepted`
 * and `exclude_member` (a stop of the member's share consumes the run it was based on).
 */
export function jobEventsOf(decisions: readonly DecisionRecord[]): JobEvent[] {
  const events: JobEvent[] = [];
  for (const d of decisions) {
    const data = (d.data ?? {}) as Record<string, unknown>;
    const personId = text(data.personId);
    if (!personId) continue;
    if (d.action === 'record_job_refusal') {
      events.push({
        personId, kind: 'refusal', on: text(data.offeredOn) || dayOf(d.at), goodReason: data.goodReason === true, seq: d.seq,
        job: text(data.job), employer: text(data.employer),
      });
    } else if (d.action === 'record_job_accepted') {
      events.push({ personId, kind: 'accepted', on: text(data.acceptedOn) || dayOf(d.at), seq: d.seq, job: text(data.job), employer: text(data.employer) });
    } else if (d.action === 'exclude_member') {
      events.push({ personId, kind: 'excluded', on: dayOf(d.at), seq: d.seq });
    }
  }
  return events;
}

/**
 * The current run of refusals without good reason for every member that has job events. Events
 * are taken in the order of their dates (an offer may be recorded some days after it was made),
 * and in log order within one day.
 */
export function refusalRuns(events: readonly JobEvent[]): Map<string, RefusalRun> {
  const ordered = [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  const runs = new Map<string, RefusalRun>();
  for (const e of ordered) {
    const run = runs.get(e.personId) ?? { personId: e.personId, consecutive: 0, refusals: [] };
    if (e.kind === 'refusal' && !e.goodReason) {
      run.consecutive += 1;
      run.refusals.push({ on: e.on, job: e.job ?? '', employer: e.employer ?? '' });
    } else {
      run.consecutive = 0;
      run.refusals = [];
    }
    runs.set(e.personId, run);
  }
  return runs;
}

/** Members whose current run has reached the limit, in the order of their ids. */
export function membersOverRefusalLimit(decisions: readonly DecisionRecord[]): RefusalRun[] {
  return [...refusalRuns(jobEventsOf(decisions)).values()]
    .filter((r) => r.consecutive >= JOB_REFUSAL_LIMIT)
    .sort((a, b) => a.personId.localeCompare(b.personId));
}

/** The last day of the re-check after a death (2022通知一(三)); a month without that day ends on its last day. */
export function deathRecheckDue(deathDate: IsoDate): IsoDate {
  return addMonthsToDate(deathDate, DEATH_RECHECK_MONTHS);
}

/** The line the case page shows for a death that still needs its re-check. */
export function deathRecheckNote(name: string, deathDate: IsoDate, dueOn: IsoDate): string {
  return `成员${name}于${deathDate}死亡，须于${dueOn}前完成复核（2022通知一(三)）`;
}

/**
 * 特困办法第二十四条 (note) and 救助法第十六条第三款: a minor recognised as 特困 is supported to 18,
 * and beyond only while in compulsory education, general high school or secondary vocational
 * school. So from three months before the 18th birthday the case says what must be verified; a
 * person who was already an adult when recognised (aged, disabled) never gets the note.
 */
export const TEKUN_AGE_OUT_NOTICE_MONTHS = 3;

export function tekunAgeOutNote(birthDate: IsoDate | null | undefined, decidedOn: IsoDate | null | undefined, today: IsoDate): string | null {
  if (!birthDate || !decidedOn) return null;
  const eighteenth = addMonthsToDate(birthDate, 18 * 12);
  if (eighteenth <= decidedOn) return null; // an adult when recognised
  if (eighteenth > addMonthsToDate(today, TEKUN_AGE_OUT_NOTICE_MONTHS)) return null;
  const when = eighteenth <= today ? `已于${eighteenth}年满18周岁` : `将于${eighteenth}年满18周岁`;
  return `供养对象${when}：仍在接受义务教育或在普通高中、中等职业学校就读的继续供养，否则应提出终止供养（特困办法第二十四条；救助法第十六条第三款）`;
}
