import { readFileSync } from 'node:fs';
import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { exportPatientEverything } from './export';
import { FhirImporter, type FhirImportReport } from './importer';
import { contentSnapshot, tableCounts } from './testing/db-snapshot';
import { countByType, syntheaFiles } from './testing/synthea';

const SUPPORTED_WITH_ROWS = ['Organization', 'Practitioner', 'PractitionerRole', 'Patient', 'Encounter', 'Observation', 'Condition', 'DiagnosticReport', 'DocumentReference'];

function expectCountsMatchFile(report: FhirImportReport, file: string, outcome: 'created' | 'unchanged'): void {
  const expected = countByType(file);
  for (const [type, n] of Object.entries(expected)) {
    const counts = report.counts[type];
    if (SUPPORTED_WITH_ROWS.includes(type)) expect({ type, n: counts[outcome] }).toEqual({ type, n });
    else expect({ type, skipped: counts.skipped }).toEqual({ type, skipped: n });
  }
}

describe('FhirImporter on the Synthea sample (SQLite)', () => {
  let db: TestDatabase;
  const files = syntheaFiles();
  const patientFile = files.patients[0];

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(() => db.drop());

  it('imports hospitals, practitioners and a patient with counts per type matching the files', async () => {
    const importer = new FhirImporter(db.client, { synthetic: true });
    for (const file of [files.hospital, files.practitioner, patientFile]) {
      const report = await importer.importBundle(readFileSync(file, 'utf8'));
      expect(report.errors).toEqual([]);
      expectCountsMatchFile(report, file, 'created');
    }
    const counts = countByType(patientFile);
    const tables = await tableCounts(db.client);
    expect(tables).toMatchObject({
      organization: 1191,
      doctor: 1191,
      patient: 1,
      encounter: counts['Encounter'],
      observation: counts['Observation'],
      condition: counts['Condition'] ?? 0,
      clinicalNote: counts['DiagnosticReport'] + counts['DocumentReference'],
    });
    // Conditional references (Practitioner?identifier=..., Organization?identifier=...) found the earlier imports.
    const encounter = await db.client.encounter.findFirst({ where: { doctorId: { not: null }, organizationId: { not: null } } });
    expect(encounter).not.toBeNull();
    const doctor = await db.client.doctor.findFirstOrThrow({ where: { npi: '9999999999' } });
    expect(doctor.specialties).toEqual(['General Practice']);
    expect(doctor.organizationId).not.toBeNull();
    const note = await db.client.clinicalNote.findFirstOrThrow({ where: { fhirType: 'DocumentReference' } });
    expect(note.text).toContain('# Chief Complaint');
    const observation = await db.client.observation.findFirstOrThrow({ where: { value: { not: null } } });
    expect(observation.system).toBe('http://loinc.org');
    expect(observation.unit).toBeTruthy();
  });

  it('changes nothing when the same bundles are imported again', async () => {
    const before = await contentSnapshot(db.client);
    const importer = new FhirImporter(db.client, { synthetic: true });
    for (const file of [files.hospital, files.practitioner, patientFile]) {
      const report = await importer.importBundle(readFileSync(file, 'utf8'));
      expect(report.errors).toEqual([]);
      expectCountsMatchFile(report, file, 'unchanged');
    }
    expect(await contentSnapshot(db.client)).toEqual(before);
  });

  it('exports a patient that re-imports to the same database content, here and into an empty database', async () => {
    const patient = await db.client.patient.findFirstOrThrow();
    const bundle = await exportPatientEverything(db.client, patient.id);
    expect(bundle.type).toBe('searchset');
    const before = await contentSnapshot(db.client);
    const again = await new FhirImporter(db.client, { synthetic: true }).importBundle(bundle);
    expect(again.errors).toEqual([]);
    for (const [type, counts] of Object.entries(again.counts)) expect({ type, created: counts.created, updated: counts.updated }).toEqual({ type, created: 0, updated: 0 });
    expect(await contentSnapshot(db.client)).toEqual(before);

    const fresh = await openTestDatabase('sqlite');
    try {
      const report = await new FhirImporter(fresh.client, { synthetic: true }).importBundle(JSON.stringify(bundle));
      expect(report.errors).toEqual([]);
      const copy = await contentSnapshot(fresh.client);
      const original = await contentSnapshot(db.client);
      for (const table of ['patient', 'encounter', 'observation', 'condition', 'clinicalNote']) expect(copy[table]).toEqual(original[table]);
      const reexport = await exportPatientEverything(fresh.client, (await fresh.client.patient.findFirstOrThrow()).id);
      expect(reexport.entry?.length).toBe(bundle.entry?.length);
    } finally {
      await fresh.drop();
    }
  });
});
