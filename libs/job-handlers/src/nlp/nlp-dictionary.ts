import type { Database } from '@pmed/data';
import type { DictionaryEntry } from '@pmed/nlp';

/**
 * Concept dictionary entries from the database: the distinct Condition displays with their codes
 * and every Drug name with its code. Rows come first, so they override the built-in list.
 */
export async function databaseDictionary(db: Database): Promise<DictionaryEntry[]> {
  const [conditions, drugs] = await Promise.all([
    db.client.condition.findMany({ distinct: ['display'], select: { display: true, code: true, system: true }, take: 50_000 }),
    db.client.drug.findMany({ select: { name: true, code: true }, take: 50_000 }),
  ]);
  return [
    ...conditions.map((c) => ({ term: c.display, type: 'condition' as const, preferred: c.display, code: c.code, system: c.system })),
    ...drugs.map((d) => ({ term: d.name, type: 'drug' as const, preferred: d.name, code: d.code, system: d.code ? 'ATC' : null })),
  ];
}
