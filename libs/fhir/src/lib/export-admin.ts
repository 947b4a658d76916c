import type { Identifier, Organization, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';

type Row = Record<string, unknown> & { id: string; fhirId: string | null };
const idOf = (row: Row) => row.fhirId ?? row.id;

export function organizationResource(org: Row, identifier: Identifier[], organizations: Map<string, Row>): Organization {
  const parent = org['partOfId'] ? organizations.get(org['partOfId'] as string) : undefined;
  return {
    resourceType: 'Organization',
    id: idOf(org),
    identifier: identifier.length > 0 ? identifier : undefined,
    name: org['name'] as string,
    type: org['kind'] ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: org['kind'] as string }] }] : undefined,
    telecom: org['phone'] ? [{ system: 'phone', value: org['phone'] as string }] : undefined,
    address: org['address'] ? [{ text: org['address'] as string }] : undefined,
    partOf: parent ? { reference: `Organization/${idOf(parent)}` } : undefined,
  };
}

/** A Doctor as a Practitioner, plus a PractitionerRole when it has specialties or an organisation. */
export function doctorResources(doctor: Row, options: { identifiers: Identifier[]; organizations: Map<string, Row>; npiSystem: string }): Resource[] {
  const identifier = [...options.identifiers];
  if (doctor['npi'] && !identifier.some((i) => i.system === options.npiSystem)) identifier.push({ system: options.npiSystem, value: doctor['npi'] as string });
  const languages = Array.isArray(doctor['languages']) ? (doctor['languages'] as string[]) : [];
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: idOf(doctor),
    identifier: identifier.length > 0 ? identifier : undefined,
    name: [{ text: doctor['name'] as string }],
    communication: languages.length > 0 ? languages.map((language) => ({ text: language })) : undefined,
  };
  const specialties = Array.isArray(doctor['specialties']) ? (doctor['specialties'] as string[]) : [];
  const org = doctor['organizationId'] ? options.organizations.get(doctor['organizationId'] as string) : undefined;
  if (specialties.length === 0 && !org && !doctor['fhirRoleId']) return [practitioner];
  const role: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: (doctor['fhirRoleId'] as string | null) ?? `${idOf(doctor)}-role`,
    practitioner: { reference: `Practitioner/${idOf(doctor)}` },
    organization: org ? { reference: `Organization/${idOf(org)}` } : undefined,
    specialty: specialties.map((text) => ({ text })),
  };
  return [practitioner, role];
}
