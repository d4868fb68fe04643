import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cloneTemplate, testEngines } from '@mz/testing';
import { pgErrorCode, type Database, type DbScope } from '@mz/db';
import { DomainError } from '@mz/kernel';
import type { WorkflowActor } from '../definition.ts';
import { CASE_REGION, OFFICIALS, SAMPLE, SAMPLE_GUARDS, type OfficialKey } from '../testing/sample-definition.ts';
import { addFlag, applyTransition, createCase, loadCase, overdueCases, type StoredCase, type TransitionRequest } from './case.service.ts';

const scopeOf = (actor: WorkflowActor): DbScope => ({ actorId: actor.id, regionCode: actor.regionCode });
const at10 = (date: string) => new Date(`${date}T02:00:00.000Z`);

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(testEngines())('workflow store (%s)', (engine) => {
  let db: Database;
  let counter = 0;
  beforeAll(async () => { db = await cloneTemplate(engine, inject('mzTemplates')); });
  afterAll(async () => { await db?.close(); });

  /** A fresh 示例救助 case in 岭东社区, filed by the 荣光街道 clerk. */
  function newCase(changes: { flags?: string[]; now?: Date } = {}): Promise<StoredCase> {
    counter += 1;
    return db.transaction((tx) => createCase(tx, SAMPLE, {
      regionCode: CASE_REGION, subjectKind: 'household', subjectId: null, caseNo: `SAMPLE-${engine}-${counter}`,
      flags: changes.flags ?? [], settings: { confirmingLevel: 'county', totalWorkingDays: 30 },
      events: { applied: '2025-06-09T01:00:00.000Z' }, actor: OFFICIALS.township, now: changes.now ?? new Date('2025-06-09T01:00:00.000Z'),
    }), { scope: scopeOf(OFFICIALS.township) });
  }

  function act(who: OfficialKey, request: Omit<TransitionRequest, 'actor'>) {
    const actor = OFFICIALS[who];
    return db.transaction((tx) => applyTransition(tx, SAMPLE, SAMPLE_GUARDS, { ...request, actor }), { scope: scopeOf(actor) });
  }

  const load = (id: string, who: OfficialKey = 'county') => db.transaction((tx) => loadCase(tx, id), { scope: scopeOf(OFFICIALS[who]) });

  it('opens a case in the initial state and carries it through to a decision, logging every step', async () => {
    const opened = await newCase();
    expect(opened).toMatchObject({
      definition: 'demo.sample', definitionVersion: 1, state: 'applied', version: 1, regionCode: CASE_REGION, flags: [],
      events: { applied: '2025-06-09T01:00:00.000Z' }, decisions: [], nextDueKey: null, nextDueOn: null, closedAt: null,
      createdBy: OFFICIALS.township.id, createdAt: '2025-06-09T01:00:00.000Z',
    });

    // who, action, when, expected state and next time limit after the step
    const steps: [OfficialKey, string, string, string, string | null, string | null][] = [
      ['township', 'accept', '2025-06-09', 'accepted', 'start_investigation', '2025-06-12'],
      ['village', 'investigate', '2025-06-10', 'investigating', 'total', '2025-07-21'],
      ['village', 'home_visit', '2025-06-11', 'investigating', 'total', '2025-07-21'],
      ['lead', 'preliminary', '2025-06-16', 'publicity', 'total', '2025-07-21'],
      // 公示 of 06-16 ended on 06-23; once submitted, the county's 10 working days end before the total.
      ['township', 'submit', '2025-06-24', 'submitted', 'county_review', '2025-07-08'],
      ['county', 'approve', '2025-06-30', 'approved', null, null],
    ];
    let version = opened.version;
    for (const [who, action, day, state, dueKey, dueOn] of steps) {
      const { snapshot, decision } = await act(who, {
        caseId: opened.id, expectedVersion: version, action, now: at10(day),
        opinion: action === 'preliminary' || action === 'approve' ? '家庭人均收入低于当地低保标准' : undefined,
        attachments: action === 'approve' ? [{ name: '入户调查表.pdf', ref: 'file-1' }] : undefined,
        data: action === 'approve' ? { amountFen: 123_456 } : undefined,
      });
      version += 1;
      expect([snapshot.state, snapshot.version, snapshot.nextDueKey, snapshot.nextDueOn]).toEqual([state, version, dueKey, dueOn]);
      expect(decision.seq).toBe(version - 1);
      expect(await load(opened.id)).toEqual(snapshot);
    }

    const closed = (await load(opened.id))!;
    expect(closed.closedAt).toBe('2025-06-30T02:00:00.000Z');
    expect(closed.events).toEqual({
      applied: '2025-06-09T01:00:00.000Z', accepted: '2025-06-09T02:00:00.000Z', investigation_started: '2025-06-10T02:00:00.000Z',
      preliminary_done: '2025-06-16T02:00:00.000Z', publicity_started: '2025-06-16T02:00:00.000Z', submitted: '2025-06-24T02:00:00.000Z',
      decided: '2025-06-30T02:00:00.000Z',
    });
    expect(closed.decisions.map((d) => [d.seq, d.action, d.fromState, d.toState, d.actorName, d.actorLevel, d.actorRegion])).toEqual([
      [1, 'accept', 'applied', 'accepted', '荣光街道经办员', 'township', '220105003000'],
      [2, 'investigate', 'accepted', 'investigating', '岭东社区协理员', 'village', '220105003005'],
      [3, 'home_visit', 'investigating', 'investigating', '岭东社区协理员', 'village', '220105003005'],
      [4, 'preliminary', 'investigating', 'publicity', '荣光街道审核员', 'township', '220105003000'],
      [5, 'submit', 'publicity', 'submitted', '荣光街道经办员', 'township', '220105003000'],
      [6, 'approve', 'submitted', 'approved', '区民政局审批员', 'county', '220105000000'],
    ]);
    expect(closed.decisions[5]).toMatchObject({
      at: '2025-06-30T02:00:00.000Z', opinion: '家庭人均收入低于当地低保标准', attachments: [{ name: '入户调查表.pdf', ref: 'file-1' }], data: { amountFen: 123_456 },
    });
    expect(closed.decisions[0]).toMatchObject({ opinion: null, attachments: [], data: null });

    const again = await refusal(act('county2', { caseId: opened.id, expectedVersion: version, action: 'refuse', opinion: '复核', now: at10('2025-07-01') }));
    expect([again.code, again.title]).toEqual(['ILLEGAL_TRANSITION', '案件已办结（确认同意），不能再办理「不予确认」']);
  });

  it('writes nothing when the engine refuses', async () => {
    const c = await newCase();
    await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
    await act('township', { caseId: c.id, expectedVersion: 2, action: 'investigate', now: at10('2025-06-10') });
    // The clerk who accepted may not also give the first review.
    const error = await refusal(act('township', { caseId: c.id, expectedVersion: 3, action: 'preliminary', opinion: '同意', now: at10('2025-06-11') }));
    expect([error.code, error.status]).toEqual(['SEPARATION_OF_DUTIES', 403]);
    const after = (await load(c.id))!;
    expect([after.state, after.version, after.decisions.length]).toEqual(['investigating', 3, 2]);
  });

  it('refuses a stale page with 409 VERSION_CONFLICT', async () => {
    const c = await newCase();
    await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
    const error = await refusal(act('chief', { caseId: c.id, expectedVersion: 1, action: 'investigate', now: at10('2025-06-10') }));
    expect([error.code, error.status, error.title]).toEqual(['VERSION_CONFLICT', 409, '该案件已被他人办理，请刷新后重试']);
    expect((await load(c.id))!.decisions.map((d) => d.action)).toEqual(['accept']);
  });

  it('lets exactly one of two officials acting at the same moment succeed', async () => {
    const c = await newCase();
    const results = await Promise.allSettled((['township', 'chief'] as const).map((who) =>
      act(who, { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((lost.reason as DomainError).code).toBe('VERSION_CONFLICT');
    const after = (await load(c.id))!;
    expect([after.version, after.decisions.length]).toEqual([2, 1]);
  });

  // On PostgreSQL the two transactions really overlap: the second loads version 1 while the first
  // holds its uncommitted UPDATE, passes every check, and waits on the row lock in its own UPDATE.
  // When the first commits, PostgreSQL re-evaluates `version = 1` against the new row: no match.
  it.runIf(engine === 'postgres')('makes the second of two overlapping transactions fail on the row version', async () => {
    const c = await newCase();
    let updated!: () => void;
    let release!: () => void;
    const didUpdate = new Promise<void>((resolve) => { updated = resolve; });
    const mayCommit = new Promise<void>((resolve) => { release = resolve; });
    const first = db.transaction(async (tx) => {
      const result = await applyTransition(tx, SAMPLE, SAMPLE_GUARDS, { caseId: c.id, expectedVersion: 1, actor: OFFICIALS.township, action: 'accept', now: at10('2025-06-09') });
      updated();
      await mayCommit;
      return result;
    }, { scope: scopeOf(OFFICIALS.township) });
    await didUpdate;
    const second = act('chief', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
    second.catch(() => undefined); // observed below, after the first commits
    for (let i = 0; ; i++) {
      const [{ n }] = await db.transaction((tx) => tx.rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`));
      if (n > 0) break;
      if (i > 200) throw new Error('the second transaction never waited for the row lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    expect((await first).snapshot.version).toBe(2);
    const error = await refusal(second);
    expect(error.code).toBe('VERSION_CONFLICT');
    const after = (await load(c.id))!;
    expect(after.decisions.map((d) => d.actorName)).toEqual(['荣光街道经办员']);
  });

  it('keeps decisions append-only, for the application role and the owner alike', async () => {
    const c = await newCase();
    await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
    const county = scopeOf(OFFICIALS.county);
    for (const statement of [
      sql`UPDATE workflow_decision SET opinion = '改写' WHERE case_id = ${c.id}::uuid`,
      sql`DELETE FROM workflow_decision WHERE case_id = ${c.id}::uuid`,
      sql`TRUNCATE workflow_decision`,
      sql`DELETE FROM workflow_case WHERE id = ${c.id}::uuid`,
    ]) {
      await expect(db.transaction((tx) => tx.run(statement), { scope: county })).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
    }
    await expect(db.transaction((tx) => tx.run(sql`UPDATE workflow_decision SET opinion = '改写' WHERE case_id = ${c.id}::uuid`))).rejects.toThrow(/办理记录只能追加/);
    await expect(db.transaction((tx) => tx.run(sql`DELETE FROM workflow_decision WHERE case_id = ${c.id}::uuid`))).rejects.toThrow(/办理记录只能追加/);
    await expect(db.transaction((tx) => tx.run(sql`TRUNCATE workflow_decision CASCADE`))).rejects.toThrow(/办理记录只能追加/);
    expect((await load(c.id))!.decisions).toHaveLength(1);
  });

  it('ties a decision row to its case region', async () => {
    const c = await newCase();
    const forged = db.transaction((tx) => tx.run(sql`
      INSERT INTO workflow_decision (case_id, seq, action, from_state, to_state, actor_id, actor_name, actor_level, actor_region, region_code, at)
      VALUES (${c.id}::uuid, 1, 'accept', 'applied', 'accepted', ${OFFICIALS.township.id}::uuid, '冒名', 'township', '220105003000', '220105001001', now())`));
    await expect(forged).rejects.toSatisfy((e) => pgErrorCode(e) === '23503');
  });

  describe('jurisdiction', () => {
    let c: StoredCase;
    beforeAll(async () => {
      c = await newCase();
      await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
    });
    const neighbour = () => scopeOf(OFFICIALS.neighbour);

    it('hides the case and its log from another township, even to a query without WHERE', async () => {
      expect(await load(c.id, 'neighbour')).toBeNull();
      const seen = await db.transaction(async (tx) => ({
        cases: await tx.rows<{ id: string }>(sql`SELECT id FROM workflow_case`),
        decisions: await tx.rows<{ case_id: string }>(sql`SELECT case_id FROM workflow_decision`),
      }), { scope: neighbour() });
      expect(seen.cases.map((r) => r.id)).not.toContain(c.id);
      expect(seen.decisions.map((r) => r.case_id)).not.toContain(c.id);
    });

    it('shows it to the county, the village and the city above', async () => {
      for (const who of ['county', 'village', 'city'] as const) expect((await load(c.id, who))?.caseNo).toBe(c.caseNo);
    });

    it('answers an out-of-scope action as if the case did not exist', async () => {
      const error = await refusal(act('neighbour', { caseId: c.id, expectedVersion: 2, action: 'investigate', now: at10('2025-06-10') }));
      expect([error.status, error.title]).toEqual([404, '案件不存在或不在本辖区']);
    });

    it('cannot change or forge rows of another jurisdiction', async () => {
      const changed = await db.transaction((tx) => tx.run(sql`UPDATE workflow_case SET state = 'approved' WHERE id = ${c.id}::uuid`), { scope: neighbour() });
      expect(changed).toBe(0);
      const forged = db.transaction((tx) => tx.run(sql`
        INSERT INTO workflow_case (definition, definition_version, case_no, subject_kind, region_code, state)
        VALUES ('demo.sample', 1, 'FORGED-1', 'household', ${CASE_REGION}, 'approved')`), { scope: neighbour() });
      await expect(forged).rejects.toSatisfy((e) => pgErrorCode(e) === '42501');
      const refused = await refusal(db.transaction((tx) => createCase(tx, SAMPLE, {
        regionCode: CASE_REGION, subjectKind: 'household', subjectId: null, caseNo: 'FORGED-2', actor: OFFICIALS.neighbour,
      }), { scope: neighbour() }));
      expect(refused.errors).toEqual([{ path: 'regionCode', message: '案件所属区划超出您的管辖范围' }]);
    });

    it('shows the application role nothing without a published scope', async () => {
      const rows = await db.transaction(async (tx) => {
        await tx.script('SET LOCAL ROLE mz_app');
        return tx.rows(sql`SELECT id FROM workflow_case`);
      });
      expect(rows).toEqual([]);
    });
  });

  describe('flags', () => {
    it('adds a flag once, bumping the version, and the flag then requires its step', async () => {
      const c = await newCase();
      const flagged = await db.transaction((tx) => addFlag(tx, c.id, 'near_kin'), { scope: scopeOf(OFFICIALS.township) });
      expect([flagged.flags, flagged.version]).toEqual([['near_kin'], 2]);
      const again = await db.transaction((tx) => addFlag(tx, c.id, 'near_kin'), { scope: scopeOf(OFFICIALS.township) });
      expect([again.flags, again.version]).toEqual([['near_kin'], 2]);
      // A page opened before the flag is stale.
      const stale = await refusal(act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') }));
      expect(stale.code).toBe('VERSION_CONFLICT');
    });

    it('refuses to flag a closed case or one out of scope', async () => {
      const c = await newCase();
      await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') });
      await act('county', { caseId: c.id, expectedVersion: 2, action: 'terminate', opinion: '申请人撤回申请', now: at10('2025-06-10') });
      const closed = await refusal(db.transaction((tx) => addFlag(tx, c.id, 'near_kin'), { scope: scopeOf(OFFICIALS.county) }));
      expect([closed.status, closed.title]).toEqual([409, '案件已办结，不能再添加标记']);
      const hidden = await refusal(db.transaction((tx) => addFlag(tx, c.id, 'complaint'), { scope: scopeOf(OFFICIALS.neighbour) }));
      expect(hidden.status).toBe(404);
    });

    it('refuses at creation a flag the workflow does not declare', async () => {
      const error = await refusal(newCase({ flags: ['vip'] }));
      expect(error.errors).toEqual([{ path: 'flags', message: '《示例救助》没有「vip」这个标记' }]);
    });
  });

  it('refuses a case number twice', async () => {
    const first = await newCase();
    const error = await refusal(db.transaction((tx) => createCase(tx, SAMPLE, {
      regionCode: CASE_REGION, subjectKind: 'household', subjectId: null, caseNo: first.caseNo, actor: OFFICIALS.township,
    }), { scope: scopeOf(OFFICIALS.township) }));
    expect([error.code, error.status, error.title]).toEqual(['CASE_EXISTS', 409, '案件编号已存在']);
  });

  it('lists overdue cases for supervisors in their jurisdiction', async () => {
    const c = await newCase();
    await act('township', { caseId: c.id, expectedVersion: 1, action: 'accept', now: at10('2025-06-09') }); // investigation due 06-12
    const list = (who: OfficialKey, today: string, definitions?: string[]) =>
      db.transaction((tx) => overdueCases(tx, { today, definitions }), { scope: scopeOf(OFFICIALS[who]) }).then((rows) => rows.filter((r) => r.caseId === c.id));
    expect(await list('county', '2025-06-12')).toEqual([]);
    expect(await list('county', '2025-06-13')).toEqual([{
      caseId: c.id, dueKey: 'start_investigation', dueOn: '2025-06-12', caseNo: c.caseNo, definition: 'demo.sample', state: 'accepted', regionCode: CASE_REGION,
    }]);
    expect(await list('county', '2025-06-13', ['demo.sample'])).toHaveLength(1);
    expect(await list('county', '2025-06-13', ['dibao'])).toEqual([]);
    expect(await list('neighbour', '2025-06-13')).toEqual([]);
    // Once the investigation starts, the next limit is the total one (07-21).
    await act('village', { caseId: c.id, expectedVersion: 2, action: 'investigate', now: at10('2025-06-16') });
    expect(await list('county', '2025-06-17')).toEqual([]);
    expect((await list('county', '2025-07-22'))[0]).toMatchObject({ dueKey: 'total', dueOn: '2025-07-21' });
  });
});
