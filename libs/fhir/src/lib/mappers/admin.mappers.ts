import type { Address, ContactPoint, HumanName, Organization, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { conceptText, firstCoding, requireValue, toDate, type Mapper } from '../mapping';
import { identifiersOf } from '../references';

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const MRN_TYPE_CODE = 'MR';

export interface AdminMapperOptions {
  /** Marks imported patients and doctors as synthetic (test and demo data). */
  synthetic: boolean;
}

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((name) => name.use === 'official') ?? names?.[0];
}

export function formatName(name: HumanName | undefined): string | undefined {
  if (!name) return undefined;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].filter((part) => part !== '');
  return name.text ?? (parts.length > 0 ? parts.join(' ') : undefined);
}

export function formatAddress(address: Address | undefined): string | null {
  if (!address) return null;
  const line = [...(address.line ?? []), address.city, address.state, address.postalCode, address.country].filter(Boolean).join(', ');
  return address.text ?? (line || null);
}

function phoneOf(telecom: ContactPoint[] | undefined): string | null {
  return telecom?.find((point) => point.system === 'phone')?.value ?? null;
}

/** The MRN: the identifier typed MR, else the first identifier, else one made from the FHIR id. */
export function mrnOf(patient: Patient, fhirId: string): string {
  const identifiers = identifiersOf(patient);
  const mr = identifiers.find((identifier) => identifier.type?.coding?.some((coding) => coding.code === MRN_TYPE_CODE));
  return (mr ?? identifiers[0])?.value ?? `fhir:${fhirId}`;
}

const SEXES = new Set(['female', 'male', 'other', 'unknown']);

export function patientMapper(options: AdminMapperOptions): Mapper<Patient> {
  return (patient, ctx) => {
    const name = pickName(patient.name);
    if (patient.gender !== undefined && !SEXES.has(patient.gender)) {
      ctx.issues.error('invalid-value', `${ctx.location}.gender`, `gender must be one of ${[...SEXES].join(', ')}`);
    }
    ctx.row('patient', {
      mrn: mrnOf(patient, ctx.fhirId),
      givenName: name?.given?.join(' ') ?? null,
      familyName: name?.family ?? null,
      birthDate: toDate(patient.birthDate, 'birthDate', ctx),
      sex: patient.gender ?? null,
      synthetic: options.synthetic,
      source: 'fhir',
    });
  };
}

export const organizationMapper: Mapper<Organization> = (organization, ctx) => {
  if (!requireValue(organization.name, 'name', ctx, 'an Organization needs a name to be stored')) return;
  ctx.row('organization', {
    name: organization.name,
    kind: firstCoding(organization.type?.[0])?.code ?? null,
    phone: phoneOf(organization.telecom),
    address: formatAddress(organization.address?.[0]),
    partOfId: ctx.ref(organization.partOf, 'partOf', { type: 'Organization' }),
  });
};

export function practitionerMapper(options: AdminMapperOptions): Mapper<Practitioner> {
  return (practitioner, ctx) => {
    const name = formatName(pickName(practitioner.name));
    if (!requireValue(name, 'name', ctx, 'a Practitioner needs a name to be stored as a doctor')) return;
    const languages = (practitioner.communication ?? []).map((concept) => conceptText(concept)).filter((text): text is string => Boolean(text));
    ctx.row('doctor', {
      name,
      npi: identifiersOf(practitioner).find((identifier) => identifier.system === NPI_SYSTEM)?.value ?? null,
      synthetic: options.synthetic,
      ...(practitioner.communication ? { languages } : {}),
    });
  };
}

/** A role adds specialties and the organisation to its practitioner's Doctor row. */
export const practitionerRoleMapper: Mapper<PractitionerRole> = (role, ctx) => {
  const doctorId = ctx.ref(role.practitioner, 'practitioner', { type: 'Practitioner', required: true });
  if (!doctorId) return;
  const specialties = (role.specialty ?? []).map((concept) => conceptText(concept)).filter((text): text is string => Boolean(text));
  ctx.patch('doctor', doctorId, {
    fhirRoleId: ctx.fhirId,
    specialties,
    organizationId: ctx.ref(role.organization, 'organization', { type: 'Organization' }),
  });
};

/** Medication resources are folded into the requests that reference them; nothing is stored on their own. */
export const medicationMapper: Mapper = () => undefined;

export { toDate };
