import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '@mz/testing';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../../apps/server/src/testing/test-app.ts';
import { seedPopulation } from '../generator/seed.ts';

describe.each(testEngines())('duplicate review over HTTP (%s)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine);
    // 600 persons in 荣光街道, 4 of them registered a second time (2 with a typo in the ID number).
    await seedPopulation(t.db, TEST_CIPHER, { within: '220105003', persons: 600, seed: 21, duplicates: 4 });
  });
  afterAll(() => t?.close());

  it('detects, lists, merges and dismisses within the jurisdiction only', async () => {
    const clerk = await t.login('demo-township');
    const detect = await clerk.post('/api/v1/registry/duplicates/detect');
    expect(detect.status).toBe(200);
    expect(detect.body).toEqual({ idTypo: 2, nameBirth: 2 });

    const open = await clerk.get('/api/v1/registry/duplicates?status=open');
    expect(open.status).toBe(200);
    expect(open.body.total).toBe(4);
    const [first, second] = open.body.items;
    expect(first.a.name).toBe(first.b.name);
    expect(first.a.idNumberMasked).toMatch(/^2201\*{10}/);

    // The neighbouring township sees none of it and cannot act on it.
    const neighbour = await t.login('demo-township2');
    expect((await neighbour.get('/api/v1/registry/duplicates')).body.total).toBe(0);
    expect((await neighbour.post(`/api/v1/registry/duplicates/${first.id}/merge`, { keepPersonId: first.a.id })).status).toBe(404);
    // Reading is not enough to merge.
    const approver = await t.login('demo-county');
    expect((await approver.post(`/api/v1/registry/duplicates/${first.id}/dismiss`)).status).toBe(403);

    const bad = await clerk.post(`/api/v1/registry/duplicates/${first.id}/merge`, { keepPersonId: second.a.id === first.a.id ? second.b.id : second.a.id });
    expect(bad.status).toBe(422);
    expect((await clerk.post(`/api/v1/registry/duplicates/${first.id}/merge`, { keepPersonId: first.a.id })).status).toBe(204);
    expect((await clerk.post(`/api/v1/registry/duplicates/${first.id}/merge`, { keepPersonId: first.a.id })).status).toBe(409);
    expect((await clerk.post(`/api/v1/registry/duplicates/${second.id}/dismiss`)).status).toBe(204);

    expect((await clerk.get('/api/v1/registry/duplicates?status=open')).body.total).toBe(2);
    expect((await clerk.get('/api/v1/registry/duplicates?status=merged')).body.items.map((i: any) => i.id)).toEqual([first.id]);
    // The merged-away record no longer appears in the person list; the kept one does.
    const list = await clerk.get(`/api/v1/registry/persons?q=${encodeURIComponent(first.a.name)}&pageSize=200`);
    const ids = list.body.items.map((p: any) => p.id);
    expect(ids).toContain(first.a.id);
    expect(ids).not.toContain(first.b.id);

    const audit = await t.login('demo-province');
    const entries = await audit.get('/api/v1/audit?action=person.merge');
    expect(entries.status).toBe(200);
    expect(entries.body.items[0]).toMatchObject({ action: 'person.merge', entityId: first.b.id });
    const detected = await audit.get('/api/v1/audit?action=person.duplicate_detect');
    expect(detected.body.items[0]).toMatchObject({ action: 'person.duplicate_detect', actorName: '荣光街道经办员' });
    expect(detected.body.items[0].summary).toContain('新发现 4 对');
  });
});
