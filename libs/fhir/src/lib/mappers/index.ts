import type { Mapper, ModelName } from '../mapping';
import { medicationMapper, organizationMapper, patientMapper, practitionerMapper, practitionerRoleMapper, type AdminMapperOptions } from './admin.mappers';
import { allergyMapper, conditionMapper, encounterMapper, imagingStudyMapper, medicationRequestMapper, observationMapper } from './clinical.mappers';
import { diagnosticReportMapper, documentReferenceMapper } from './note.mappers';

export interface ResourceHandler {
  mapper: Mapper;
  /** The model whose rows carry this type's FHIR ids (so references to it resolve); null when none. */
  model: ModelName | null;
  /** Resolution order: a type's resources may reference only types of a lower rank or their own. */
  rank: number;
}

/** The resource types imported, and how. Everything else is skipped and counted. */
export function resourceHandlers(options: AdminMapperOptions): Readonly<Record<string, ResourceHandler>> {
  const handler = (mapper: Mapper<never>, model: ModelName | null, rank: number): ResourceHandler => ({ mapper: mapper as Mapper, model, rank });
  return {
    Organization: handler(organizationMapper, 'organization', 0),
    Practitioner: handler(practitionerMapper(options), 'doctor', 1),
    PractitionerRole: handler(practitionerRoleMapper, null, 2),
    Patient: handler(patientMapper(options), 'patient', 3),
    Medication: handler(medicationMapper, null, 3),
    Encounter: handler(encounterMapper, 'encounter', 4),
    Observation: handler(observationMapper, 'observation', 5),
    Condition: handler(conditionMapper, 'condition', 5),
    AllergyIntolerance: handler(allergyMapper, 'allergy', 5),
    MedicationRequest: handler(medicationRequestMapper, 'medicationRequest', 5),
    ImagingStudy: handler(imagingStudyMapper, 'imagingStudy', 5),
    DiagnosticReport: handler(diagnosticReportMapper, 'clinicalNote', 6),
    DocumentReference: handler(documentReferenceMapper, 'clinicalNote', 6),
  };
}

export { hasNoteText } from './note.mappers';
export { ENCOUNTER_KINDS } from './clinical.mappers';
export { NPI_SYSTEM, MRN_TYPE_CODE, formatName } from './admin.mappers';
