import { loadDemoData } from '@pmed/data';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

const DRUGS = `query($p: ID!, $c: String!, $f: Boolean!) { recommendDrugs(patientId: $p, conditionCode: $c, k: 10, includeFiltered: $f) {
  patientId conditionDisplay modelVersion items { itemId name score globalMean userBias itemBias similarity explanation topFeatures { feature } safetyFlags { rule } }
  filtered { name findings { rule drugTerm patientFact message } } fhir } }`;

describe('recommender GraphQL', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
    await loadDemoData(t.gateway.runtime.database);
  });
  afterAll(async () => t?.close());

  it('recommendDrugs removes unsafe drugs, says why, and audits the read', async () => {
    const res = await t.gql(DRUGS, { key: t.keys.clinician, variables: { p: 'demo-patient-01', c: 'Community-acquired pneumonia', f: true } });
    expect(res.body.errors).toBeUndefined();
    const list = res.body.data!['recommendDrugs'] as { items: { name: string; explanation: string }[]; filtered: { name: string; findings: { rule: string }[] }[] };
    expect(list.items.map((i) => i.name)).not.toContain('amoxicillin');
    expect(list.filtered.find((f) => f.name === 'amoxicillin')!.findings[0]!.rule).toBe('ALLERGY_CONTRAINDICATION');
    expect(list.items[0]!.explanation).toMatch(/mean|similarity/);
    // The same list as FHIR MedicationRequest proposals, in rank order, for this patient.
    const fhir = (list as unknown as { fhir: { resourceType: string; intent: string; status: string; subject: { reference: string }; medicationCodeableConcept: { text: string }; supportingInformation?: { reference: string }[] }[] }).fhir;
    expect(fhir.map((r) => r.medicationCodeableConcept.text)).toEqual(list.items.map((i) => i.name));
    for (const r of fhir) expect(r).toMatchObject({ resourceType: 'MedicationRequest', intent: 'proposal', status: 'draft', subject: { reference: 'Patient/demo-patient-01' } });
    expect(fhir[0]!.supportingInformation?.some((ref) => ref.reference.startsWith('AllergyIntolerance/'))).toBe(true);
    const audits = await t.gateway.runtime.database.client.auditEvent.findMany({ where: { patientId: 'demo-patient-01' } });
    expect(audits.length).toBeGreaterThan(0);
  });

  it('refuses other roles, unknown patients and bad k with stable codes', async () => {
    const researcher = await t.gql(DRUGS, { key: t.keys.researcher, variables: { p: 'demo-patient-01', c: 'J18.9', f: false } });
    expect(researcher.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const missing = await t.gql(DRUGS, { key: t.keys.clinician, variables: { p: 'nobody', c: 'J18.9', f: false } });
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const badK = await t.gql('{ recommendDoctors(patientId: "demo-patient-01", conditionCode: "J18.9", k: 0) { items { name } } }', { key: t.keys.clinician });
    expect(badK.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rates, assigns and starts a training job', async () => {
    const rated = await t.gql('mutation { rateDoctor(input: { patientId: "demo-patient-03", doctorId: "demo-doctor-03", value: 5 }) { id value } }', { key: t.keys.clinician });
    expect(rated.body.data!['rateDoctor']).toMatchObject({ value: 5 });
    const outOfScale = await t.gql('mutation { rateDrug(input: { patientId: "demo-patient-03", drugId: "demo-drug-metformin", value: 0 }) { id } }', { key: t.keys.clinician });
    expect(outOfScale.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const assigned = await t.gql('mutation { assignPatients(input: { patientIds: ["demo-patient-01", "demo-patient-02"], conditionCode: "I10" }) { assignments { patientId doctorId } unassigned totalScore } }', { key: t.keys.clinician });
    expect(assigned.body.errors).toBeUndefined();
    const job = await t.gql('mutation { trainRecommender(input: { folds: 3 }) { id kind status } }', { key: t.keys.researcher });
    expect(job.body.data!['trainRecommender']).toMatchObject({ kind: 'recommender.train' });
  });

  it('books patients with doctors: appointments stored, slots taken, audited as created appointments', async () => {
    const client = t.gateway.runtime.database.client;
    const slotsBefore = Object.fromEntries((await client.doctor.findMany()).map((d) => [d.id, d.openSlots]));
    const BOOK = 'mutation { bookPatients(input: { patientIds: ["demo-patient-05", "demo-patient-06"], conditionCode: "I10" }) { bookingId unassigned assignments { patientId doctorId appointmentId } } }';
    expect((await t.gql(BOOK, { key: t.keys.researcher })).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const res = await t.gql(BOOK, { key: t.keys.clinician });
    expect(res.body.errors).toBeUndefined();
    const result = res.body.data!['bookPatients'] as { bookingId: string; assignments: { patientId: string; doctorId: string | null; appointmentId: string | null }[] };
    const placed = result.assignments.filter((a) => a.doctorId);
    expect(placed.length).toBeGreaterThan(0);
    const rows = await client.appointment.findMany({ where: { bookingId: result.bookingId } });
    expect(rows.map((r) => r.id).sort()).toEqual(placed.map((a) => a.appointmentId).sort());
    for (const a of placed) {
      const taken = placed.filter((b) => b.doctorId === a.doctorId).length;
      expect((await client.doctor.findUniqueOrThrow({ where: { id: a.doctorId! } })).openSlots).toBe(slotsBefore[a.doctorId!]! - taken);
    }
    const audits = await client.auditEvent.findMany({ where: { entity: 'Appointment', action: 'create' } });
    expect(audits.map((a) => a.entityId).filter(Boolean).sort()).toEqual(placed.map((a) => a.appointmentId).sort());
    // An unbooked assignment books nothing.
    const plain = await t.gql('mutation { assignPatients(input: { patientIds: ["demo-patient-07"], conditionCode: "I10" }) { bookingId assignments { appointmentId } } }', { key: t.keys.clinician });
    expect(plain.body.data!['assignPatients']).toEqual({ bookingId: null, assignments: [{ appointmentId: null }] });
  });
});

