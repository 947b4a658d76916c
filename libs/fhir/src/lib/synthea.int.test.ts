import { openTestDatabase, skipServiceTests, type DatabaseKind, type TestDatabase } from '@pmed/data';
import { importFhirFiles, listFhirFiles, sumCounts } from './files';
import { FhirImporter } from './importer';
import { contentSnapshot } from './testing/db-snapshot';
import { countByType, SYNTHEA_DIR } from './testing/synthea';

const kinds: DatabaseKind[] = skipServiceTests() ? ['sqlite'] : ['sqlite', 'postgres'];
const NO_ROWS = new Set(['Location', 'Immunization', 'Claim', 'ExplanationOfBenefit', 'Provenance']);

describe.each(kinds)('all seven Synthea files on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.drop());

  it('import with counts per type matching the files, then again without duplicates', async () => {
    const files = listFhirFiles(SYNTHEA_DIR);
    expect(files).toHaveLength(7);
    const expected: Record<string, number> = {};
    for (const file of files) for (const [type, n] of Object.entries(countByType(file))) expected[type] = (expected[type] ?? 0) + n;
    const importer = new FhirImporter(db.client, { synthetic: true });

    const first = await importFhirFiles(importer, files);
    expect(first.flatMap((r) => r.report.errors)).toEqual([]);
    expect(first.flatMap((r) => r.report.warnings).filter((w) => w.code === 'unresolved-reference')).toEqual([]);
    const counts = sumCounts(first.map((r) => r.report));
    for (const [type, n] of Object.entries(expected)) expect([type, NO_ROWS.has(type) ? counts[type].skipped : counts[type].created]).toEqual([type, n]);
    expect(await db.client.patient.count()).toBe(expected['Patient']);
    expect(await db.client.observation.count()).toBe(expected['Observation']);
    expect(await db.client.clinicalNote.count()).toBe(expected['DiagnosticReport'] + expected['DocumentReference']);
    const before = await contentSnapshot(db.client);

    const second = sumCounts((await importFhirFiles(importer, files)).map((r) => r.report));
    for (const [type, n] of Object.entries(expected)) if (!NO_ROWS.has(type)) expect([type, second[type].unchanged]).toEqual([type, n]);
    expect(await contentSnapshot(db.client)).toEqual(before);
  }, 240_000);
});
