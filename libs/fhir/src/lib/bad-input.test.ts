import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { FhirImporter } from './importer';
import { tableCounts } from './testing/db-snapshot';

const patient = { fullUrl: 'urn:uuid:11111111-1111-1111-1111-111111111111', resource: { resourceType: 'Patient', id: 'p1', gender: 'female', name: [{ family: 'Doe', given: ['Ann'] }] } };
const observation = (id: string, extra: Record<string, unknown> = {}) => ({
  resource: {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
    effectiveDateTime: '2024-01-02T03:04:05Z',
    valueQuantity: { value: 72, unit: '/min' },
    ...extra,
  },
});
const bundle = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });

describe('FhirImporter refuses bad input with located errors and writes nothing', () => {
  let db: TestDatabase;
  let importer: FhirImporter;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    importer = new FhirImporter(db.client, { maxBytes: 64 * 1024 });
  });
  afterAll(() => db.drop());
  afterEach(async () => expect((await tableCounts(db.client)).patient).toBe(0));

  it('not JSON, not a Bundle, a bundle type it does not import', async () => {
    expect((await importer.importBundle('{"resourceType": ')).errors[0]).toMatchObject({ code: 'invalid-json', location: 'Bundle' });
    expect((await importer.importBundle({ resourceType: 'Patient' })).errors[0]).toMatchObject({ code: 'not-a-bundle', message: expect.stringContaining("'Patient'") });
    expect((await importer.importBundle([])).errors[0].code).toBe('not-a-bundle');
    expect((await importer.importBundle({ resourceType: 'Bundle', type: 'document' })).errors[0]).toMatchObject({ code: 'invalid-value', location: 'Bundle.type' });
  });

  it('over the size limit', async () => {
    const big = JSON.stringify(bundle(patient, observation('o1', { note: [{ text: 'x'.repeat(70 * 1024) }] })));
    const report = await importer.importBundle(big);
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toMatchObject({ code: 'too-large', message: expect.stringContaining('65536 bytes') });
  });

  it('a missing required element and a malformed coding, with their locations; the valid resources are not written either', async () => {
    const report = await importer.importBundle(bundle(patient, observation('o1'), observation('o2', { status: undefined }), observation('o3', { code: { coding: [{ code: 42 }] } })));
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'required', location: 'Bundle.entry[2].resource.status' }),
        expect.objectContaining({ code: 'invalid-value', location: 'Bundle.entry[3].resource.code.coding[0].code' }),
      ]),
    );
    expect(report.counts['Patient'].created).toBe(0);
    expect(await db.client.observation.count()).toBe(0);
  });

  it('a bad date and an unresolvable subject', async () => {
    const report = await importer.importBundle(bundle(patient, observation('o1', { effectiveDateTime: 'yesterday' }), observation('o2', { subject: { reference: 'Patient/nobody' } })));
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid-value', location: 'Bundle.entry[1].resource.effectiveDateTime' }),
        expect.objectContaining({ code: 'unresolved-reference', location: 'Bundle.entry[2].resource.subject' }),
      ]),
    );
  });

  it('a reference cycle', async () => {
    const org = (id: string, parent: string) => ({ resource: { resourceType: 'Organization', id, name: id, partOf: { reference: `Organization/${parent}` } } });
    const report = await importer.importBundle(bundle(patient, org('a', 'b'), org('b', 'a')));
    expect(report.errors).toEqual([expect.objectContaining({ code: 'reference-cycle', location: expect.stringMatching(/^Bundle\.entry\[[12]\]\.resource\.partOf$/) })]);
    expect(await db.client.organization.count()).toBe(0);
  });

  it('a duplicate id', async () => {
    const report = await importer.importBundle(bundle(patient, observation('o1'), observation('o1')));
    expect(report.errors[0]).toMatchObject({ code: 'duplicate', location: 'Bundle.entry[2].resource.id' });
  });

  it('NDJSON with a broken line names the line', async () => {
    const text = `${JSON.stringify(patient.resource)}\n{oops\n`;
    expect((await importer.importNdjson(text)).errors[0]).toMatchObject({ code: 'invalid-json', location: 'line 2' });
  });
});

describe('FhirImporter accepts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(() => db.drop());

  it('skips and counts unknown types, regroups components, and resolves relative references across NDJSON files', async () => {
    const importer = new FhirImporter(db.client);
    const first = await importer.importBundle(bundle(patient, { resource: { resourceType: 'Spaceship', id: 'x' } }, observation('bp', { valueQuantity: undefined, component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 120, unit: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, unit: 'mm[Hg]' } },
    ] })));
    expect(first.errors).toEqual([]);
    expect(first.counts['Spaceship']).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 1 });
    expect(first.warnings).toEqual([expect.objectContaining({ code: 'unsupported-type', location: 'Spaceship' })]);
    expect((await db.client.observation.findMany({ orderBy: { fhirId: 'asc' } })).map((o) => [o.fhirId, o.code, o.value])).toEqual([
      ['bp', '8867-4', null],
      ['bp#0', '8480-6', 120],
      ['bp#1', '8462-4', 80],
    ]);
    const ndjson = [JSON.stringify({ ...observation('later').resource, subject: { reference: 'Patient/p1' } })].join('\n');
    const second = await importer.importNdjson(ndjson);
    expect(second.errors).toEqual([]);
    expect(second.counts['Observation'].created).toBe(1);
    const changed = await importer.importNdjson(ndjson.replace('"value":72', '"value":75'));
    expect(changed.counts['Observation']).toMatchObject({ updated: 1, created: 0 });
    expect((await db.client.observation.findFirstOrThrow({ where: { fhirId: 'later' } })).value).toBe(75);
  });
});
