import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '@mz/testing';
import { approvedRoll, dibao, end, exportCsv, family, newCaseId, ok, paymentsWorld, record, type PaymentsWorld } from './testing/payments.fixtures.ts';

// A benefit ended before it ever began to be owed: the decision took effect in February, and the
// death reported later happened in January. February, already paid, is recovered — and the
// recovery line must say why: the end, not the decision that opened the benefit.

describe.each(testEngines())('the reason of a recovery after an end before the first month on %s', (engine) => {
  let w: PaymentsWorld;
  let F: Awaited<ReturnType<typeof family>>;
  const source = newCaseId();

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    F = await family(w.township, '何家', 1);
    await record(w.t.db, dibao(F.householdId, '2026-02', 40_000, { personCount: 1 }, source));
  });
  afterAll(async () => { await w?.t.close(); });

  it('recovers the paid month with the end\'s reason, on generation and regeneration alike', async () => {
    const feb = await approvedRoll(w, 't_dibao', '2026-02');
    expect(feb).toMatchObject({ lineCount: 1, amountFen: 40_000 });
    await exportCsv(w.clerk, feb.id);
    const reason = '死亡（2026-01-20死亡，2026-03-05报告，2026-01后已发放的低保金予以追回）';
    expect(await end(w.t.db, { sourceModule: 'assistance', sourceId: source, lastMonth: '2026-01', reason })).toEqual({ ended: true });

    const march = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' }, 201);
    const shape = async () => ((await w.clerk.get(`/api/v1/payments/rolls/${march.id}/lines`)).body.items as any[])
      .map((l) => ({ kind: l.kind, period: l.period, fen: l.amountFen, reason: l.reason, source: l.source }));
    const lines = await shape();
    expect(lines).toEqual([{ kind: 'recovery', period: '2026-02', fen: -40_000, reason: `2026年2月追回：${reason}`, source: { module: 'assistance', id: source } }]);
    expect(march).toMatchObject({ lineCount: 1, amountFen: 0, recoveryFen: -40_000 });
    await ok(w.clerk, `/api/v1/payments/rolls/${march.id}/regenerate`, { version: march.version });
    expect(await shape()).toEqual(lines);

    // The series' history says the benefit was ended, and why; nothing of it is current any more.
    const versions = (await w.clerk.get(`/api/v1/payments/entitlements?sourceId=${source}&current=false`)).body.items as any[];
    expect(versions.filter((v) => v.current)).toEqual([]);
    expect(versions.find((v) => v.origin.kind === 'end')).toMatchObject({ monthlyAmountFen: 0, origin: { reason } });
    // A new decision for the household from another case is not blocked by the record of the end.
    await record(w.t.db, dibao(F.householdId, '2026-04', 30_000, { personCount: 1 }));
  });
});
