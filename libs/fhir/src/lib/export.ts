import type { Bundle, BundleEntry, CodeableConcept, Identifier, Resource } from '@medplum/fhirtypes';
import { notFound } from '@pmed/core';
import type { PmedPrismaClient } from '@pmed/data';
import { ENCOUNTER_KINDS, MRN_TYPE_CODE, NPI_SYSTEM } from './mappers';
import { doctorResources, organizationResource } from './export-admin';

type Row = Record<string, unknown> & { id: string; fhirId: string | null };

const CLASS_OF_KIND: Record<string, string> = Object.fromEntries(Object.entries(ENCOUNTER_KINDS).reverse().map(([code, kind]) => [kind, code]));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
export const idOf = (row: Row) => row.fhirId ?? row.id;
const concept = (code: unknown, system: unknown, display: unknown): CodeableConcept => ({
  coding: [{ system: text(system), code: text(code), display: text(display) }],
  text: text(display),
});
/** A plain reference; medplum's Reference<T> only narrows an optional embedded resource, so this fits any target. */
type PlainRef = { reference: string };
const ref = (type: string, row: Row | undefined): PlainRef | undefined => (row ? { reference: `${type}/${idOf(row)}` } : undefined);

function entry(resource: Resource): BundleEntry {
  return { fullUrl: `${resource.resourceType}/${resource.id}`, resource };
}

/**
 * A patient's record as a FHIR `searchset` Bundle in the manner of `Patient/$everything`: the patient,
 * encounters, observations (components regrouped), conditions, allergies, medication requests,
 * imaging studies, notes, and the practitioners and organisations they reference. Re-importing it
 * reproduces the same rows.
 */
export async function exportPatientEverything(client: PmedPrismaClient, patientId: string): Promise<Bundle> {
  const patient = await client.patient.findUnique({ where: { id: patientId } });
  if (!patient) throw notFound('Patient', patientId);
  const where = { patientId };
  const [encounters, observations, conditions, allergies, requests, studies, notes] = await Promise.all([
    client.encounter.findMany({ where, orderBy: { startedAt: 'asc' } }),
    client.observation.findMany({ where, orderBy: [{ time: 'asc' }, { id: 'asc' }] }),
    client.condition.findMany({ where, orderBy: { id: 'asc' } }),
    client.allergy.findMany({ where, orderBy: { id: 'asc' } }),
    client.medicationRequest.findMany({ where, orderBy: { authoredAt: 'asc' } }),
    client.imagingStudy.findMany({ where, orderBy: { id: 'asc' } }),
    client.clinicalNote.findMany({ where, orderBy: { authoredAt: 'asc' } }),
  ]);
  const doctorIds = new Set([...encounters.map((e) => e.doctorId), ...requests.map((r) => r.doctorId)].filter((id): id is string => Boolean(id)));
  const doctors = await client.doctor.findMany({ where: { id: { in: [...doctorIds] } } });
  const orgIds = new Set([...encounters.map((e) => e.organizationId), ...doctors.map((d) => d.organizationId)].filter((id): id is string => Boolean(id)));
  const organizations = await client.organization.findMany({ where: { id: { in: [...orgIds] } } });
  const fhirIds = [patient, ...doctors, ...organizations].map((row) => row.fhirId).filter((id): id is string => Boolean(id));
  const identifiers = await client.fhirIdentifier.findMany({ where: { fhirId: { in: fhirIds } }, orderBy: { id: 'asc' } });
  const identifiersOf = (type: string, row: Row): Identifier[] =>
    identifiers.filter((i) => i.resourceType === type && i.fhirId === idOf(row)).map((i) => ({ system: i.system || undefined, value: i.value }));
  const byId = <T extends Row>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const encounterById = byId(encounters);
  const doctorById = byId(doctors);
  const orgById = byId(organizations);
  const patientRef = ref('Patient', patient) as PlainRef;

  const patientIdentifiers = identifiersOf('Patient', patient);
  if (!patientIdentifiers.some((i) => i.value === patient.mrn)) {
    patientIdentifiers.unshift({ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: MRN_TYPE_CODE }] }, value: patient.mrn });
  } else {
    const mrn = patientIdentifiers.find((i) => i.value === patient.mrn) as Identifier;
    mrn.type = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: MRN_TYPE_CODE }] };
    patientIdentifiers.splice(patientIdentifiers.indexOf(mrn), 1);
    patientIdentifiers.unshift(mrn);
  }
  const resources: Resource[] = [
    {
      resourceType: 'Patient',
      id: idOf(patient),
      identifier: patientIdentifiers,
      name: patient.givenName || patient.familyName ? [{ given: patient.givenName ? [patient.givenName] : undefined, family: patient.familyName ?? undefined }] : undefined,
      gender: (patient.sex as 'female' | 'male' | 'other' | 'unknown' | null) ?? undefined,
      birthDate: patient.birthDate?.toISOString().slice(0, 10),
    },
  ];
  for (const org of organizations) resources.push(organizationResource(org, identifiersOf('Organization', org), orgById));
  for (const doctor of doctors) resources.push(...doctorResources(doctor, { identifiers: identifiersOf('Practitioner', doctor), organizations: orgById, npiSystem: NPI_SYSTEM }));
  for (const e of encounters) {
    resources.push({
      resourceType: 'Encounter',
      id: idOf(e),
      status: (e.status as 'finished') ?? 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: CLASS_OF_KIND[e.kind] ?? e.kind },
      type: e.code || e.display ? [concept(e.code, e.system, e.display)] : undefined,
      subject: patientRef,
      period: { start: iso(e.startedAt), end: iso(e.endedAt) },
      participant: e.doctorId ? [{ individual: ref('Practitioner', doctorById.get(e.doctorId)) }] : undefined,
      serviceProvider: e.organizationId ? ref('Organization', orgById.get(e.organizationId)) : undefined,
    });
  }
  resources.push(...observationResources(observations, patientRef, encounterById));
  for (const c of conditions) {
    resources.push({
      resourceType: 'Condition',
      id: idOf(c),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: c.status }] },
      code: concept(c.code, c.system, c.display),
      subject: patientRef,
      onsetDateTime: iso(c.onsetAt),
      abatementDateTime: iso(c.abatedAt),
    });
  }
  for (const a of allergies) {
    resources.push({
      resourceType: 'AllergyIntolerance',
      id: idOf(a),
      patient: patientRef,
      code: { coding: a.code ? [{ code: a.code }] : undefined, text: a.substance },
      recordedDate: iso(a.recordedAt),
      reaction: a.reaction || a.severity ? [{ manifestation: [{ text: a.reaction ?? 'unspecified' }], severity: (a.severity as 'mild') ?? undefined }] : undefined,
    });
  }
  for (const r of requests) {
    resources.push({
      resourceType: 'MedicationRequest',
      id: idOf(r),
      status: r.status as 'active',
      intent: r.intent as 'order',
      medicationCodeableConcept: { coding: r.code ? [{ system: r.system ?? undefined, code: r.code }] : undefined, text: r.medication },
      subject: patientRef,
      encounter: r.encounterId ? ref('Encounter', encounterById.get(r.encounterId)) : undefined,
      requester: r.doctorId ? ref('Practitioner', doctorById.get(r.doctorId)) : undefined,
      authoredOn: iso(r.authoredAt),
      dosageInstruction: r.dosage ? [{ text: r.dosage }] : undefined,
    });
  }
  for (const s of studies) {
    resources.push({
      resourceType: 'ImagingStudy',
      id: idOf(s),
      status: 'available',
      identifier: s.studyUid ? [{ system: 'urn:dicom:uid', value: `urn:oid:${s.studyUid}` }] : undefined,
      subject: patientRef,
      modality: s.modality ? [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: s.modality }] : undefined,
      description: s.description ?? undefined,
      started: iso(s.startedAt),
    });
  }
  for (const n of notes) resources.push(noteResource(n, patientRef, n.encounterId ? ref('Encounter', encounterById.get(n.encounterId)) : undefined));
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => stripUndefined(entry(resource))) };
}

function observationResources(rows: Row[], patientRef: PlainRef, encounters: Map<string, Row>): Resource[] {
  const value = (row: Row) =>
    row['value'] !== null ? { valueQuantity: { value: row['value'] as number, unit: text(row['unit']) } } : row['valueText'] !== null ? { valueCodeableConcept: { text: row['valueText'] as string } } : {};
  const parents = rows.filter((row) => !row.fhirId?.includes('#'));
  const components = rows.filter((row) => row.fhirId?.includes('#'));
  return parents.map((row) => {
    const parts = components.filter((c) => c.fhirId?.startsWith(`${row.fhirId}#`)).sort((a, b) => Number(a.fhirId?.split('#')[1]) - Number(b.fhirId?.split('#')[1]));
    return {
      resourceType: 'Observation',
      id: idOf(row),
      status: 'final',
      code: concept(row['code'], row['system'], row['display']),
      subject: patientRef,
      encounter: row['encounterId'] ? ref('Encounter', encounters.get(row['encounterId'] as string)) : undefined,
      effectiveDateTime: iso(row['time']),
      ...value(row),
      component: parts.length > 0 ? parts.map((part) => ({ code: concept(part['code'], part['system'], part['display']), ...value(part) })) : undefined,
    } as Resource;
  });
}

function noteResource(n: Row, patientRef: PlainRef, encounter: PlainRef | undefined): Resource {
  const data = Buffer.from(String(n['text']), 'utf8').toString('base64');
  const code = { coding: n['code'] ? [{ system: 'http://loinc.org', code: n['code'] as string, display: text(n['kind']) }] : undefined, text: text(n['kind']) };
  if (n['fhirType'] === 'DiagnosticReport') {
    return { resourceType: 'DiagnosticReport', id: idOf(n), status: 'final', code, subject: patientRef, encounter, effectiveDateTime: iso(n['authoredAt']), conclusion: n['title'] !== n['kind'] ? text(n['title']) : undefined, presentedForm: [{ contentType: 'text/plain; charset=utf-8', data }] };
  }
  return {
    resourceType: 'DocumentReference',
    id: idOf(n),
    status: 'current',
    type: code,
    subject: patientRef,
    date: iso(n['authoredAt']),
    description: n['title'] !== n['kind'] ? text(n['title']) : undefined,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data } }],
    context: encounter ? { encounter: [encounter] } : undefined,
  };
}

/** JSON without `undefined` members, so the Bundle compares and serialises cleanly. */
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
