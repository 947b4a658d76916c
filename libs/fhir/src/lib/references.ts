import type { Identifier, Reference } from '@medplum/fhirtypes';
import type { InputEntry } from './parse';

/** What a reference points at, before it is turned into a database row id. */
export type ReferenceKey =
  | { kind: 'entry'; index: number }
  | { kind: 'id'; type: string; fhirId: string }
  | { kind: 'identifier'; type: string; system: string; value: string }
  | { kind: 'contained'; id: string }
  | { kind: 'invalid'; reason: string };

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/;
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** `system|value` as FHIR search writes it; a bare value means "any system", stored as ''. */
export function splitToken(token: string): { system: string; value: string } {
  const bar = token.indexOf('|');
  return bar < 0 ? { system: '', value: token } : { system: token.slice(0, bar), value: token.slice(bar + 1) };
}

export function identifierKey(type: string, system: string, value: string): string {
  return `${type}|${system}|${value}`;
}

/** Indexes a bundle's entries by fullUrl, `Type/id` and business identifier. */
export class BundleIndex {
  private readonly byUrl = new Map<string, number>();
  private readonly byTypeId = new Map<string, number>();
  private readonly byIdentifier = new Map<string, number>();

  constructor(entries: readonly InputEntry[], fhirIds: readonly string[]) {
    entries.forEach((entry, index) => {
      const type = entry.resource.resourceType;
      if (entry.fullUrl) this.byUrl.set(entry.fullUrl, index);
      this.byTypeId.set(`${type}/${fhirIds[index]}`, index);
      for (const identifier of identifiersOf(entry.resource)) {
        this.byIdentifier.set(identifierKey(type, identifier.system ?? '', identifier.value ?? ''), index);
        // A reference without a system matches an identifier of any system.
        this.byIdentifier.set(identifierKey(type, '', identifier.value ?? ''), index);
      }
    });
  }

  /** Where a reference points: an entry of this bundle, or something to look up in the database. */
  keyOf(reference: Reference | undefined, expectedType?: string): ReferenceKey | undefined {
    if (!reference) return undefined;
    const text = reference.reference;
    if (text) {
      if (text.startsWith('#')) return { kind: 'contained', id: text.slice(1) };
      const atUrl = this.byUrl.get(text);
      if (atUrl !== undefined) return { kind: 'entry', index: atUrl };
      const conditional = CONDITIONAL.exec(text);
      if (conditional) return this.conditionalKey(conditional[1], conditional[2]);
      const tail = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(text);
      const relative = RELATIVE.exec(text) ?? (tail ? RELATIVE.exec(tail[1]) : null);
      if (relative) {
        const at = this.byTypeId.get(`${relative[1]}/${relative[2]}`);
        return at !== undefined ? { kind: 'entry', index: at } : { kind: 'id', type: relative[1], fhirId: relative[2] };
      }
      if (text.startsWith('urn:uuid:') || text.startsWith('urn:oid:')) return { kind: 'invalid', reason: `no entry of this bundle has fullUrl ${text}` };
      return { kind: 'invalid', reason: `'${text}' is not a reference this importer understands (urn:uuid:, Type/id, Type?identifier=)` };
    }
    const type = reference.type ?? expectedType;
    if (reference.identifier?.value && type) {
      return this.identifierLookup(type, reference.identifier.system ?? '', reference.identifier.value);
    }
    return undefined;
  }

  private conditionalKey(type: string, query: string): ReferenceKey {
    const params = new URLSearchParams(query);
    const keys = [...params.keys()];
    const token = params.get('identifier');
    if (keys.length !== 1 || token === null) {
      return { kind: 'invalid', reason: `conditional reference '${type}?${query}' must search by identifier alone` };
    }
    const { system, value } = splitToken(token);
    return this.identifierLookup(type, system, value);
  }

  private identifierLookup(type: string, system: string, value: string): ReferenceKey {
    const at = this.byIdentifier.get(identifierKey(type, system, value));
    return at !== undefined ? { kind: 'entry', index: at } : { kind: 'identifier', type, system, value };
  }
}

export function identifiersOf(resource: object): Identifier[] {
  const value = (resource as { identifier?: unknown }).identifier;
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return (list as Identifier[]).filter((identifier) => typeof identifier?.value === 'string' && identifier.value !== '');
}
