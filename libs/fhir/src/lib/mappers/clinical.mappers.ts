import type { AllergyIntolerance, Condition, Encounter, ImagingStudy, Medication, MedicationRequest, Observation, Reference } from '@medplum/fhirtypes';
import { conceptText, firstCoding, requireValue, toDate, type MapContext, type Mapper } from '../mapping';

/** FHIR v3 ActCode encounter classes to the platform's encounter kinds, and back. */
export const ENCOUNTER_KINDS: Readonly<Record<string, string>> = {
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  EMER: 'emergency',
  AMB: 'outpatient',
  VR: 'outpatient',
  HH: 'outpatient',
  FLD: 'outpatient',
};

function patientRef(reference: Reference | undefined, path: string, ctx: MapContext): string | null {
  return ctx.ref(reference, path, { type: 'Patient', required: true });
}

export const encounterMapper: Mapper<Encounter> = (encounter, ctx) => {
  const patientId = patientRef(encounter.subject, 'subject', ctx);
  const startedAt = toDate(encounter.period?.start, 'period.start', ctx);
  requireValue(encounter.period?.start, 'period.start', ctx, 'an Encounter needs period.start to be placed on the timeline');
  if (!patientId || !startedAt) return;
  const classCode = encounter.class?.code ?? '';
  const type = firstCoding(encounter.type?.[0]);
  const performer = encounter.participant?.find((participant) => participant.individual?.reference?.startsWith('Practitioner'))?.individual;
  ctx.row('encounter', {
    patientId,
    kind: ENCOUNTER_KINDS[classCode] ?? (classCode.toLowerCase() || 'outpatient'),
    status: encounter.status ?? null,
    code: type?.code ?? null,
    system: type?.system ?? null,
    display: conceptText(encounter.type?.[0]) ?? null,
    startedAt,
    endedAt: toDate(encounter.period?.end, 'period.end', ctx),
    organizationId: ctx.ref(encounter.serviceProvider, 'serviceProvider', { type: 'Organization' }),
    doctorId: performer ? ctx.ref(performer, 'participant.individual', { type: 'Practitioner' }) : null,
  });
};

interface ObservationValue {
  value: number | null;
  valueText: string | null;
  unit: string | null;
}

function observationValue(source: Partial<Observation>): ObservationValue {
  if (source.valueQuantity) return { value: source.valueQuantity.value ?? null, valueText: null, unit: source.valueQuantity.unit ?? source.valueQuantity.code ?? null };
  if (source.valueCodeableConcept) return { value: null, valueText: conceptText(source.valueCodeableConcept) ?? null, unit: null };
  if (source.valueString !== undefined) return { value: null, valueText: source.valueString, unit: null };
  if (source.valueInteger !== undefined) return { value: source.valueInteger, valueText: null, unit: null };
  if (source.valueBoolean !== undefined) return { value: source.valueBoolean ? 1 : 0, valueText: null, unit: null };
  return { value: null, valueText: null, unit: null };
}

/** Observation rows: one for the resource, one `<id>#<n>` per component (e.g. systolic, diastolic). */
export const observationMapper: Mapper<Observation> = (observation, ctx) => {
  const patientId = patientRef(observation.subject, 'subject', ctx);
  const when = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant ?? observation.issued;
  requireValue(when, 'effectiveDateTime', ctx, 'an Observation needs effective[x] or issued to be placed on the timeline');
  const time = toDate(when, 'effectiveDateTime', ctx);
  const coding = firstCoding(observation.code);
  if (!requireValue(coding?.code, 'code.coding[0].code', ctx, 'an Observation needs a coded code (e.g. LOINC)') || !patientId || !time) return;
  const encounterId = ctx.ref(observation.encounter, 'encounter', { type: 'Encounter' });
  ctx.row('observation', { patientId, encounterId, code: coding.code, system: coding.system ?? null, display: conceptText(observation.code) ?? null, time, ...observationValue(observation) });
  (observation.component ?? []).forEach((component, index) => {
    const part = firstCoding(component.code);
    if (!requireValue(part?.code, `component[${index}].code.coding[0].code`, ctx, 'a component needs a coded code')) return;
    ctx.row(
      'observation',
      { patientId, encounterId, code: part.code, system: part.system ?? null, display: conceptText(component.code) ?? null, time, ...observationValue(component) },
      `${ctx.fhirId}#${index}`,
    );
  });
};

export const conditionMapper: Mapper<Condition> = (condition, ctx) => {
  const patientId = patientRef(condition.subject, 'subject', ctx);
  const coding = firstCoding(condition.code);
  if (!requireValue(coding?.code, 'code.coding[0].code', ctx, 'a Condition needs a coded code (SNOMED CT, ICD-10)') || !patientId) return;
  ctx.row('condition', {
    patientId,
    code: coding.code,
    system: coding.system ?? null,
    display: conceptText(condition.code) ?? coding.code,
    status: firstCoding(condition.clinicalStatus)?.code ?? 'active',
    onsetAt: toDate(condition.onsetDateTime ?? condition.onsetPeriod?.start, 'onsetDateTime', ctx),
    abatedAt: toDate(condition.abatementDateTime ?? condition.abatementPeriod?.start, 'abatementDateTime', ctx),
  });
};

const SEVERITIES = new Set(['mild', 'moderate', 'severe']);

export const allergyMapper: Mapper<AllergyIntolerance> = (allergy, ctx) => {
  const patientId = patientRef(allergy.patient, 'patient', ctx);
  const reaction = allergy.reaction?.[0];
  const substance = conceptText(allergy.code) ?? conceptText(reaction?.substance);
  if (!requireValue(substance, 'code', ctx, 'an AllergyIntolerance needs code or reaction.substance naming the substance') || !patientId) return;
  const severity = reaction?.severity;
  if (severity !== undefined && !SEVERITIES.has(severity)) ctx.issues.error('invalid-value', `${ctx.location}.reaction[0].severity`, 'severity must be mild, moderate or severe');
  const recordedAt = toDate(allergy.recordedDate ?? allergy.onsetDateTime, 'recordedDate', ctx);
  ctx.row('allergy', {
    patientId,
    substance,
    code: firstCoding(allergy.code)?.code ?? null,
    reaction: conceptText(reaction?.manifestation?.[0]) ?? null,
    severity: severity ?? null,
    ...(recordedAt ? { recordedAt } : {}),
  });
};

export const medicationRequestMapper: Mapper<MedicationRequest> = (request, ctx) => {
  const patientId = patientRef(request.subject, 'subject', ctx);
  let concept = request.medicationCodeableConcept;
  if (!concept && request.medicationReference) {
    const medication = ctx.resourceOf(request.medicationReference) as Medication | undefined;
    concept = medication?.code ?? (request.medicationReference.display ? { text: request.medicationReference.display } : undefined);
    if (!medication) ctx.issues.warning('unresolved-reference', `${ctx.location}.medicationReference`, 'the Medication is not in this bundle; only its display text is kept');
  }
  const name = conceptText(concept);
  if (!requireValue(name, 'medicationCodeableConcept', ctx, 'a MedicationRequest needs a medication with a code or name') || !patientId) return;
  const coding = firstCoding(concept);
  const authoredAt = toDate(request.authoredOn, 'authoredOn', ctx);
  ctx.row('medicationRequest', {
    patientId,
    encounterId: ctx.ref(request.encounter, 'encounter', { type: 'Encounter' }),
    doctorId: request.requester?.reference?.startsWith('Practitioner') || request.requester?.type === 'Practitioner' ? ctx.ref(request.requester, 'requester', { type: 'Practitioner' }) : null,
    medication: name,
    code: coding?.code ?? null,
    system: coding?.system ?? null,
    status: request.status,
    intent: request.intent,
    dosage: request.dosageInstruction?.[0]?.text ?? null,
    ...(authoredAt ? { authoredAt } : {}),
  });
};

const DICOM_UID = 'urn:dicom:uid';

export const imagingStudyMapper: Mapper<ImagingStudy> = (study, ctx) => {
  const patientId = patientRef(study.subject, 'subject', ctx);
  if (!patientId) return;
  const uid = study.identifier?.find((identifier) => identifier.system === DICOM_UID)?.value?.replace(/^urn:oid:/, '');
  ctx.row('imagingStudy', {
    patientId,
    studyUid: uid ?? null,
    modality: study.modality?.[0]?.code ?? study.series?.[0]?.modality?.code ?? null,
    description: study.description ?? null,
    startedAt: toDate(study.started, 'started', ctx),
  });
};
