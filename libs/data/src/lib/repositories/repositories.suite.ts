/* eslint-disable @typescript-eslint/no-non-null-assertion -- shared by the .test.ts files, where the rule is off */
// The repository tests, written once and run on SQLite (repositories.test.ts) and on PostgreSQL
// (repositories.int.test.ts).
import { ErrorCode, PmedError } from '@pmed/core';
import { openTestDatabase, type TestDatabase } from '../testing';
import type { DatabaseKind } from '../database';
import { ApiKeyRepository } from './api-key.repository';
import { AuditRepository } from './audit.repository';
import { PatientRepository } from './patient.repository';
import { ModelVersionRepository } from './model-version.repository';

async function expectCode(promise: Promise<unknown>, code: ErrorCode, field?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PmedError);
  expect((error as PmedError).code).toBe(code);
  if (field) expect((error as PmedError).details['field']).toBe(field);
}

export function repositorySuite(kind: DatabaseKind): void {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('ApiKeyRepository', () => {
    it('creates a key shown once, stores only its hash, verifies and revokes it', async () => {
      const keys = new ApiKeyRepository(db);
      const { key, record } = await keys.create({ name: 'ward 3 tablet', role: 'clinician' });
      expect(key).toMatch(/^pmed_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(`pmed_${record.prefix}_`)).toBe(true);
      const row = await db.client.apiKey.findUniqueOrThrow({ where: { id: record.id } });
      expect(row.hash).not.toContain(key.slice(16));
      expect(JSON.stringify(row)).not.toContain(key);

      const verified = await keys.verify(key);
      expect(verified?.id).toBe(record.id);
      expect(verified?.role).toBe('clinician');
      expect(verified?.lastUsedAt).toBeInstanceOf(Date);
      expect(await keys.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
      expect(await keys.verify('not a key')).toBeNull();

      await keys.revoke(record.prefix);
      expect(await keys.verify(key)).toBeNull();
      const listed = await keys.list();
      expect(listed.find((k) => k.id === record.id)?.revokedAt).toBeInstanceOf(Date);
      expect(listed[0]).not.toHaveProperty('hash');
    });

    it('writes lastUsedAt at most once a minute', async () => {
      let now = new Date('2030-01-01T00:00:00Z');
      const keys = new ApiKeyRepository(db, () => now);
      const { key, record } = await keys.create({ name: 'cron', role: 'researcher' });
      await keys.verify(key);
      now = new Date(now.getTime() + 30_000);
      await keys.verify(key);
      let row = await db.client.apiKey.findUniqueOrThrow({ where: { id: record.id } });
      expect(row.lastUsedAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
      now = new Date(now.getTime() + 31_000);
      await keys.verify(key);
      row = await db.client.apiKey.findUniqueOrThrow({ where: { id: record.id } });
      expect(row.lastUsedAt?.toISOString()).toBe('2030-01-01T00:01:01.000Z');
    });

    it('rejects expired keys and bad input with field names', async () => {
      let now = new Date('2030-01-01T00:00:00Z');
      const keys = new ApiKeyRepository(db, () => now);
      const { key } = await keys.create({ name: 'temp', role: 'admin', expiresAt: new Date('2030-01-02T00:00:00Z') });
      expect(await keys.verify(key)).not.toBeNull();
      now = new Date('2030-01-03T00:00:00Z');
      expect(await keys.verify(key)).toBeNull();
      await expectCode(keys.create({ name: 'x', role: 'root' as never }), ErrorCode.BAD_USER_INPUT, 'role');
      await expectCode(keys.create({ name: ' ', role: 'admin' }), ErrorCode.BAD_USER_INPUT, 'name');
      await expectCode(keys.create({ name: 'x', role: 'admin', expiresAt: new Date('2029-01-01') }), ErrorCode.BAD_USER_INPUT, 'expiresAt');
      await expectCode(keys.revoke('nope'), ErrorCode.NOT_FOUND);
    });
  });

  describe('AuditRepository', () => {
    it('records events and lists them newest first with filters', async () => {
      const audit = new AuditRepository(db);
      await audit.record({ action: 'read', entity: 'Patient', entityId: 'p1', patientId: 'p1', actorId: 'k1', at: new Date('2030-01-01T00:00:00Z') });
      await audit.record({ action: 'update', entity: 'Observation', patientId: 'p1', actorId: 'k2', at: new Date('2030-01-02T00:00:00Z') });
      expect(await audit.recordMany([{ action: 'read', entity: 'Patient', patientId: 'p2', actorId: 'k1', at: new Date('2030-01-03T00:00:00Z') }])).toBe(1);
      const p1 = await audit.list({ patientId: 'p1', limit: 10 });
      expect(p1.map((e) => e.action)).toEqual(['update', 'read']);
      expect((await audit.list({ actorId: 'k1', limit: 10 })).map((e) => e.patientId)).toEqual(['p2', 'p1']);
      expect(await audit.list({ since: new Date('2030-01-02T12:00:00Z'), limit: 10 })).toHaveLength(1);
      await expectCode(audit.record({ action: 'peek' as never, entity: 'Patient' }), ErrorCode.BAD_USER_INPUT, 'action');
      await expectCode(audit.list({ limit: 0 }), ErrorCode.BAD_USER_INPUT, 'limit');
    });
  });

  describe('PatientRepository', () => {
    beforeAll(async () => {
      for (const [i, family] of ['Okafor', 'Lindqvist', 'OKAMOTO', 'Brown'].entries()) {
        await db.client.patient.create({ data: { id: `pt-${i}`, mrn: `MRN-${i}`, givenName: 'Ada', familyName: family } });
      }
      await db.client.encounter.create({ data: { id: 'enc-a', patientId: 'pt-0', kind: 'icu', startedAt: new Date('2030-01-01T00:00:00Z') } });
      await db.client.encounter.create({ data: { id: 'enc-b', patientId: 'pt-1', kind: 'icu', startedAt: new Date('2030-01-01T00:00:00Z') } });
      const obs = (code: string, hour: number, encounterId: string | null = 'enc-a') => ({ patientId: 'pt-0', encounterId, code, value: hour, time: new Date(Date.UTC(2030, 0, 1, hour)) });
      await db.client.observation.createMany({ data: [obs('HR', 3), obs('HR', 1), obs('Lactate', 2), obs('HR', 5, null)] });
      await db.client.condition.create({ data: { patientId: 'pt-0', code: '91302008', system: 'http://snomed.info/sct', display: 'Sepsis' } });
      await db.client.allergy.create({ data: { patientId: 'pt-0', substance: 'penicillin', severity: 'severe' } });
      await db.client.medication.create({ data: { patientId: 'pt-0', name: 'metformin', status: 'active' } });
      await db.client.medication.create({ data: { patientId: 'pt-0', name: 'aspirin', status: 'stopped' } });
    });

    it('searches case-insensitively with cursor paging', async () => {
      const patients = new PatientRepository(db);
      const oka = await patients.search({ text: 'oka', limit: 10 });
      expect(oka.items.map((p) => p.familyName)).toEqual(['Okafor', 'OKAMOTO']);
      const first = await patients.search({ limit: 3 });
      expect(first.items.map((p) => p.mrn)).toEqual(['MRN-0', 'MRN-1', 'MRN-2']);
      const second = await patients.search({ limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((p) => p.mrn)).toEqual(['MRN-3']);
      expect(second.nextCursor).toBeNull();
      expect((await patients.search({ text: 'ada brown' })).items.map((p) => p.id)).toEqual(['pt-3']);
      await expectCode(patients.search({ cursor: 'missing' }), ErrorCode.BAD_USER_INPUT, 'cursor');
      await expectCode(patients.search({ limit: 1000 }), ErrorCode.BAD_USER_INPUT, 'limit');
      expect(await patients.get('missing')).toBeNull();
    });

    it('builds a timeline ordered by time with filters', async () => {
      const patients = new PatientRepository(db);
      const all = await patients.timeline('pt-0');
      expect(all.observations.map((o) => `${o.code}@${o.value}`)).toEqual(['HR@1', 'Lactate@2', 'HR@3', 'HR@5']);
      expect(all.conditions.map((c) => c.display)).toEqual(['Sepsis']);
      expect(all.allergies.map((a) => a.substance)).toEqual(['penicillin']);
      expect(all.activeMedications.map((m) => m.name)).toEqual(['metformin']);
      const filtered = await patients.timeline('pt-0', { encounterId: 'enc-a', codes: ['HR'], from: new Date(Date.UTC(2030, 0, 1, 2)) });
      expect(filtered.observations.map((o) => o.value)).toEqual([3]);
      const limited = await patients.timeline('pt-0', { limit: 2 });
      expect(limited.observations).toHaveLength(2);
      expect(limited.truncated).toBe(true);
      await expectCode(patients.timeline('missing'), ErrorCode.NOT_FOUND);
      await expectCode(patients.timeline('pt-0', { encounterId: 'enc-b' }), ErrorCode.NOT_FOUND);
      await expectCode(patients.timeline('pt-0', { from: new Date(2), to: new Date(1) }), ErrorCode.BAD_USER_INPUT, 'from');
    });

    it('cascades a patient delete to their records (foreign keys are on)', async () => {
      await db.client.patient.delete({ where: { id: 'pt-0' } });
      expect(await db.client.observation.count({ where: { patientId: 'pt-0' } })).toBe(0);
    });
  });

  describe('ModelVersionRepository', () => {
    it('numbers versions per (module, name) under concurrency', async () => {
      const models = new ModelVersionRepository(db);
      const made = await Promise.all(Array.from({ length: 6 }, () => models.register({ module: 'imaging', name: 'chest-xray' })));
      expect(made.map((m) => m.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      const other = await models.register({ module: 'nlp', name: 'chest-xray' });
      expect(other.version).toBe(1);
    });

    it('upsertForJob updates the job row instead of adding one', async () => {
      const models = new ModelVersionRepository(db);
      const first = await models.upsertForJob('job-1', { module: 'recommender', name: 'doctors', metrics: { auc: 0.7 } });
      const again = await models.upsertForJob('job-1', { module: 'recommender', name: 'doctors', status: 'ready', metrics: { auc: 0.8 }, artifact: new Uint8Array([1, 2, 3]) });
      expect(again.id).toBe(first.id);
      expect(again.version).toBe(1);
      expect(again.metrics).toEqual({ auc: 0.8 });
      expect(Array.from(again.artifact!)).toEqual([1, 2, 3]);
      const described = await models.describe(again.id);
      expect(described).toMatchObject({ id: again.id, metrics: { auc: 0.8 } });
      expect(described).not.toHaveProperty('artifact');
      expect(await db.client.modelVersion.count({ where: { name: 'doctors' } })).toBe(1);
      const racing = await Promise.all([1, 2, 3].map(() => models.upsertForJob('job-2', { module: 'recommender', name: 'doctors' })));
      expect(new Set(racing.map((m) => m.id)).size).toBe(1);
      await expectCode(models.upsertForJob('job-1', { module: 'nlp', name: 'doctors' }), ErrorCode.BAD_USER_INPUT, 'name');
    });

    it('finds the latest ready version, lists and sets status', async () => {
      const models = new ModelVersionRepository(db);
      const v1 = await models.register({ module: 'case-prediction', name: 'lstm', status: 'ready', metrics: { auc: 0.81 } });
      const v2 = await models.register({ module: 'case-prediction', name: 'lstm' });
      expect((await models.latest('case-prediction', 'lstm'))?.id).toBe(v1.id);
      expect((await models.latest('case-prediction', 'lstm', { status: null }))?.id).toBe(v2.id);
      await models.setStatus(v2.id, 'ready');
      expect((await models.latest('case-prediction', 'lstm'))?.version).toBe(2);
      const listed = await models.list({ module: 'case-prediction' });
      expect(listed.map((m) => m.version)).toEqual([2, 1]);
      expect(listed[0]).not.toHaveProperty('artifact');
      const cleared = await models.update(v1.id, { metrics: null });
      expect(cleared.metrics).toBeNull();
      await expectCode(models.setStatus(v1.id, 'done' as never), ErrorCode.BAD_USER_INPUT, 'status');
      await expectCode(models.setStatus('missing', 'ready'), ErrorCode.NOT_FOUND);
      await expectCode(models.register({ module: 'vision' as never, name: 'x' }), ErrorCode.BAD_USER_INPUT, 'module');
      await expectCode(models.register({ module: 'nlp', name: 'x', checksum: 'abc' }), ErrorCode.BAD_USER_INPUT, 'checksum');
    });
  });
}
