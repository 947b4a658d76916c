import { ErrorCode, PmedError } from '@pmed/core';
import type { Database } from '@pmed/data';
import { parseRatings, type ItemDomain } from '@pmed/recommender';
import { RATING_SCALE } from './recommender-data';

export interface ImportRatingsResult {
  domain: ItemDomain;
  imported: number;
}

/**
 * Imports `patient item rating [timestamp]` lines as Rating rows of doctors or drugs. The whole
 * file is checked first (format, scale, that every patient and item exists) and written in one
 * transaction: a bad line imports nothing and the error names its line.
 */
export async function importRatings(db: Database, input: { text: string | Uint8Array; domain: ItemDomain; source?: string }): Promise<ImportRatingsResult> {
  const ratings = parseRatings(input.text, { scale: RATING_SCALE });
  const lineOf = (text: string | Uint8Array, id: string): number | undefined => {
    const lines = (typeof text === 'string' ? text : new TextDecoder().decode(text)).split('\n');
    const at = lines.findIndex((l) => l.trim().split(/::|\t|,|\s+/).slice(0, 2).includes(id));
    return at >= 0 ? at + 1 : undefined;
  };
  const missing = async (entity: string, ids: readonly string[], found: Set<string>) => {
    const absent = ids.find((id) => !found.has(id));
    if (absent === undefined) return;
    const line = lineOf(input.text, absent);
    throw new PmedError(ErrorCode.NOT_FOUND, `${line ? `line ${line}: ` : ''}${entity} ${absent} was not found`, { details: { entity, id: absent, line } });
  };
  const patients = await db.client.patient.findMany({ where: { id: { in: [...ratings.userIds] } }, select: { id: true } });
  await missing('Patient', ratings.userIds, new Set(patients.map((p) => p.id)));
  const items = input.domain === 'doctor'
    ? await db.client.doctor.findMany({ where: { id: { in: [...ratings.itemIds] } }, select: { id: true } })
    : await db.client.drug.findMany({ where: { id: { in: [...ratings.itemIds] } }, select: { id: true } });
  await missing(input.domain === 'doctor' ? 'Doctor' : 'Drug', ratings.itemIds, new Set(items.map((i) => i.id)));
  const rows = Array.from({ length: ratings.size }, (_, k) => {
    const itemId = ratings.itemIds[ratings.items[k] as number] as string;
    const t = ratings.timestamps?.[k];
    return {
      patientId: ratings.userIds[ratings.users[k] as number] as string,
      value: ratings.values[k] as number,
      source: input.source ?? 'import',
      ...(t !== undefined ? { ratedAt: new Date(t * 1000) } : {}),
      ...(input.domain === 'doctor' ? { doctorId: itemId } : { drugId: itemId }),
    };
  });
  await db.client.$transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.rating.createMany({ data: rows.slice(i, i + 1000) });
  });
  return { domain: input.domain, imported: rows.length };
}
