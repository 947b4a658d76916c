import { badInput } from '@pmed/core';
import type { Database } from '@pmed/data';
import { CollocationIndex, KeywordIndex, NoteMiner, type Collocation, type DictionaryEntry, type MinedNote } from '@pmed/nlp';
import { databaseDictionary } from './nlp-dictionary';

export const NLP_MINE_KIND = 'nlp.mine';

export interface MineNotesParams {
  /** Only notes of this specialty. */
  specialty?: string;
  /** Only notes of this patient. */
  patientId?: string;
  /** Mine again notes an earlier job already mined (default: only notes never mined). */
  remine?: boolean;
  /** At most this many notes (1..1,000,000). */
  limit?: number;
  /** Extra dictionary entries from the user. */
  dictionary?: DictionaryEntry[];
}

export interface MineNotesProgress {
  done: number;
  total: number;
}

export interface MineNotesRun {
  db: Database;
  /** The job that writes; notes it already wrote are skipped, so a retry resumes. */
  jobId: string;
  params: MineNotesParams;
  signal?: AbortSignal;
  onProgress?: (progress: MineNotesProgress) => Promise<void> | void;
}

export interface MineNotesResult {
  notes: number;
  mined: number;
  skipped: number;
  concepts: number;
  negated: number;
  /** Top keywords per specialty over the mined notes. */
  specialtyKeywords: Record<string, { term: string; score: number }[]>;
  /** Top collocations per specialty (log-likelihood ranked word pairs of its notes). */
  specialtyCollocations: Record<string, Collocation[]>;
}

/** How many keywords and collocations the result keeps per specialty. */
export const SPECIALTY_TERMS = 10;

const BATCH = 200;
const TYPES = new Set(['condition', 'drug', 'procedure']);

export function validateMineNotesParams(params: unknown): MineNotesParams {
  const raw = (params ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badInput('params', 'must be an object');
  const unknown = Object.keys(raw).filter((key) => !['specialty', 'patientId', 'remine', 'limit', 'dictionary'].includes(key));
  if (unknown.length) throw badInput('params', `unknown field(s): ${unknown.join(', ')}`);
  for (const key of ['specialty', 'patientId'] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== 'string' || (raw[key] as string).length > 200)) throw badInput(`params.${key}`, 'must be a string of at most 200 characters');
  }
  if (raw.remine !== undefined && typeof raw.remine !== 'boolean') throw badInput('params.remine', 'must be true or false');
  const limit = raw.limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1_000_000)) throw badInput('params.limit', 'must be an integer from 1 to 1000000');
  const dictionary = raw.dictionary;
  if (dictionary !== undefined) {
    if (!Array.isArray(dictionary) || dictionary.length > 100_000) throw badInput('params.dictionary', 'must be a list of at most 100000 entries');
    dictionary.forEach((entry: unknown, i) => {
      const e = entry as Record<string, unknown>;
      if (!e || typeof e.term !== 'string' || !e.term.trim() || !TYPES.has(e.type as string)) {
        throw badInput(`params.dictionary[${i}]`, "needs a non-empty 'term' and a 'type' of condition, drug or procedure");
      }
    });
  }
  return { specialty: raw.specialty as string | undefined, patientId: raw.patientId as string | undefined, remine: raw.remine as boolean | undefined, limit, dictionary: dictionary as DictionaryEntry[] | undefined };
}

/**
 * Mines ClinicalNote rows in id order and writes `mining`, `minedAt` and `minedByJob`. Keyword
 * scores use document frequencies over all the selected notes, and each note's collocations are
 * scored with the word-pair counts of all of them; the result adds the top keywords and
 * collocations of each specialty. A note this job already wrote is
 * skipped, so a retried or resumed job does no work twice.
 */
export async function mineNotes(run: MineNotesRun): Promise<MineNotesResult> {
  const { db, jobId, params } = run;
  const where = {
    specialty: params.specialty,
    patientId: params.patientId,
    ...(params.remine ? {} : { OR: [{ minedAt: null }, { minedByJob: jobId }] }),
  };
  const selected = await db.client.clinicalNote.findMany({ where, select: { id: true, specialty: true, text: true }, orderBy: { id: 'asc' }, take: params.limit });
  const index = new KeywordIndex();
  const pairs = new CollocationIndex();
  for (const note of selected) {
    index.add(note.text, note.specialty ?? undefined);
    pairs.add(note.text, note.specialty ?? undefined);
  }
  const miner = new NoteMiner({ dictionary: [...(params.dictionary ?? []), ...(await databaseDictionary(db))], keywordIndex: index, collocationIndex: pairs });
  const result: MineNotesResult = { notes: selected.length, mined: 0, skipped: 0, concepts: 0, negated: 0, specialtyKeywords: {}, specialtyCollocations: {} };
  const done = new Set(
    (await db.client.clinicalNote.findMany({ where: { minedByJob: jobId }, select: { id: true } })).map((row) => row.id),
  );
  for (let start = 0; start < selected.length; start += BATCH) {
    run.signal?.throwIfAborted();
    const batch = selected.slice(start, start + BATCH);
    const writes = [];
    for (const note of batch) {
      if (done.has(note.id)) {
        result.skipped++;
        continue;
      }
      let mined: MinedNote;
      try {
        mined = miner.mine(note.text, { maxLength: 1_000_000 });
      } catch {
        // An empty note has nothing to mine; it is still marked so the job does not come back to it.
        mined = { sections: [], concepts: [], keywords: [], collocations: [] };
      }
      result.mined++;
      result.concepts += mined.concepts.length;
      result.negated += mined.concepts.filter((c) => c.negated).length;
      writes.push(
        db.client.clinicalNote.update({
          where: { id: note.id },
          data: { mining: JSON.parse(JSON.stringify(mined)) as object, minedAt: new Date(), minedByJob: jobId },
        }),
      );
    }
    if (writes.length) await db.client.$transaction(writes);
    await run.onProgress?.({ done: Math.min(start + BATCH, selected.length), total: selected.length });
  }
  for (const group of index.groupNames()) result.specialtyKeywords[group] = index.groupKeywords(group, SPECIALTY_TERMS);
  for (const group of pairs.groupNames()) result.specialtyCollocations[group] = pairs.groupCollocations(group, { limit: SPECIALTY_TERMS });
  return result;
}

export interface SpecialtyTerms {
  specialty: string;
  keywords: { term: string; score: number }[];
  collocations: Collocation[];
}

/**
 * The keywords and collocations per specialty that a mining job stored in its result, sorted by
 * specialty; `specialty` keeps only that one (matched without regard to case or surrounding space).
 * A result from before collocations were stored gives its keywords with no collocations.
 */
export function specialtyTermsOf(result: unknown, specialty?: string): SpecialtyTerms[] {
  const stored = (result ?? {}) as Partial<MineNotesResult>;
  const keywords = stored.specialtyKeywords && typeof stored.specialtyKeywords === 'object' ? stored.specialtyKeywords : {};
  const collocations = stored.specialtyCollocations && typeof stored.specialtyCollocations === 'object' ? stored.specialtyCollocations : {};
  const wanted = specialty?.trim().toLowerCase();
  return [...new Set([...Object.keys(keywords), ...Object.keys(collocations)])]
    .filter((name) => wanted === undefined || name.trim().toLowerCase() === wanted)
    .sort()
    .map((name) => ({ specialty: name, keywords: keywords[name] ?? [], collocations: collocations[name] ?? [] }));
}
