import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Synthea sample shared by the project (five patients, the hospitals and practitioners they reference). */
export const SYNTHEA_DIR = resolve(__dirname, '../../../../../../shared/data/fhir/synthea');

export function syntheaFiles(): { hospital: string; practitioner: string; patients: string[] } {
  if (!existsSync(SYNTHEA_DIR)) throw new Error(`Synthea sample not found at ${SYNTHEA_DIR}`);
  const files = readdirSync(SYNTHEA_DIR).filter((name) => name.endsWith('.json')).sort();
  const pick = (prefix: string) => join(SYNTHEA_DIR, files.find((name) => name.startsWith(prefix)) as string);
  return {
    hospital: pick('hospitalInformation'),
    practitioner: pick('practitionerInformation'),
    patients: files.filter((name) => !name.startsWith('hospital') && !name.startsWith('practitioner')).map((name) => join(SYNTHEA_DIR, name)),
  };
}

/** Resources per type in a bundle file, counted straight from the JSON. */
export function countByType(file: string): Record<string, number> {
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { entry: { resource: { resourceType: string } }[] };
  const counts: Record<string, number> = {};
  for (const entry of bundle.entry) counts[entry.resource.resourceType] = (counts[entry.resource.resourceType] ?? 0) + 1;
  return counts;
}
