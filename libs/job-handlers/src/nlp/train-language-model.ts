import { createHash } from 'node:crypto';
import { badInput, notFound } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import { buildKneserNey, deserializeLanguageModel, serializeLanguageModel, tokenizeSentences, type NgramLanguageModel, type TokenizeOptions } from '@pmed/nlp';

export const NLP_TRAIN_LM_KIND = 'nlp.train-lm';

export interface TrainLanguageModelParams {
  name: string;
  order: number;
  minCount: number;
  lowercase: boolean;
  foldNumbers: boolean;
  /** Train on ClinicalNote rows of this specialty (all notes when absent), unless `text` is given. */
  specialty?: string;
  /** Train on this text instead of the notes (at most 20 MB). */
  text?: string;
  /** Fraction of notes held out to measure perplexity (0 to 0.5). */
  holdout: number;
}

export interface TrainLanguageModelResult {
  modelVersionId: string;
  name: string;
  version: number;
  ngrams: number;
  bytesPerNgram: number;
  heldOutPerplexity: number | null;
  trainSentences: number;
}

const MAX_TEXT = 20 * 1024 * 1024;

export function validateTrainLanguageModelParams(params: unknown): TrainLanguageModelParams {
  const raw = (params ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badInput('params', 'must be an object');
  const unknown = Object.keys(raw).filter((key) => !['name', 'order', 'minCount', 'lowercase', 'foldNumbers', 'specialty', 'text', 'holdout'].includes(key));
  if (unknown.length) throw badInput('params', `unknown field(s): ${unknown.join(', ')}`);
  const name = raw.name ?? 'clinical';
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(name)) throw badInput('params.name', 'must be 1-100 letters, digits, dots, dashes or underscores');
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw badInput(`params.${key}`, `must be an integer from ${min} to ${max}`);
    return value;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'boolean') throw badInput(`params.${key}`, 'must be true or false');
    return value;
  };
  const holdout = raw.holdout ?? 0.1;
  if (typeof holdout !== 'number' || !(holdout >= 0 && holdout <= 0.5)) throw badInput('params.holdout', 'must be a number from 0 to 0.5');
  if (raw.text !== undefined && (typeof raw.text !== 'string' || raw.text.length > MAX_TEXT)) throw badInput('params.text', `must be a string of at most ${MAX_TEXT} characters`);
  if (raw.specialty !== undefined && typeof raw.specialty !== 'string') throw badInput('params.specialty', 'must be a string');
  return {
    name,
    order: int('order', 3, 1, 10),
    minCount: int('minCount', 1, 1, 1000),
    lowercase: bool('lowercase', true),
    foldNumbers: bool('foldNumbers', true),
    specialty: raw.specialty as string | undefined,
    text: raw.text as string | undefined,
    holdout,
  };
}

export function tokenizeOptionsOf(params: { lowercase: boolean; foldNumbers: boolean }): TokenizeOptions {
  return { mode: 'natural', lowercase: params.lowercase, foldNumbers: params.foldNumbers };
}

/** Trains on notes or a text, holds out every n-th document, and stores the model as a ModelVersion. */
export async function trainLanguageModel(run: { db: Database; jobId: string; params: TrainLanguageModelParams; log?: (message: string) => Promise<void> | void }): Promise<TrainLanguageModelResult> {
  const { db, params } = run;
  const documents = params.text !== undefined
    ? params.text.split(/\n\s*\n/)
    : (await db.client.clinicalNote.findMany({ where: { specialty: params.specialty }, select: { text: true }, orderBy: { id: 'asc' } })).map((n) => n.text);
  const tokenize = tokenizeOptionsOf(params);
  const every = params.holdout > 0 ? Math.max(2, Math.round(1 / params.holdout)) : 0;
  const train: string[][] = [];
  const test: string[][] = [];
  documents.forEach((document, i) => (every && i % every === every - 1 ? test : train).push(...tokenizeSentences(document, tokenize)));
  if (train.length === 0) throw badInput('params', 'no training text: the notes (or text) hold no sentences');
  const model = buildKneserNey(train, { order: params.order, minCount: params.minCount });
  const heldOutPerplexity = test.length ? model.perplexity(test).perplexity : null;
  await run.log?.(`built order-${params.order} model: ${model.ngramCount()} n-grams from ${train.length} sentences`);
  const artifact = serializeLanguageModel(model);
  const bytesPerNgram = model.byteLength() / model.ngramCount();
  const row = await new ModelVersionRepository(db).upsertForJob(run.jobId, {
    module: 'nlp',
    name: params.name,
    status: 'ready',
    artifact,
    checksum: createHash('sha256').update(artifact).digest('hex'),
    metrics: { heldOutPerplexity, ngrams: model.ngramCount(), counts: model.counts(), bytesPerNgram },
    parameters: { kind: 'kneser-ney', order: params.order, minCount: params.minCount, lowercase: params.lowercase, foldNumbers: params.foldNumbers },
    trainingData: { source: params.text !== undefined ? 'text' : 'clinical-notes', specialty: params.specialty ?? null, documents: documents.length, trainSentences: train.length, heldOutSentences: test.length },
  });
  return { modelVersionId: row.id, name: row.name, version: row.version, ngrams: model.ngramCount(), bytesPerNgram, heldOutPerplexity, trainSentences: train.length };
}

export interface LoadedLanguageModel {
  model: NgramLanguageModel;
  tokenize: TokenizeOptions;
  name: string;
  version: number;
  id: string;
}

/** The newest ready version of an NLP language model (or one version); NOT_FOUND when there is none. */
export async function loadLanguageModel(db: Database, name: string, version?: number): Promise<LoadedLanguageModel> {
  const repository = new ModelVersionRepository(db);
  const summary = version === undefined ? await repository.latest('nlp', name) : await repository.getVersion('nlp', name, version);
  const row = summary ? await repository.get(summary.id) : null;
  if (!row || !row.artifact) throw notFound('language model', version === undefined ? name : `${name} v${version}`);
  if (row.checksum && createHash('sha256').update(row.artifact).digest('hex') !== row.checksum) {
    throw notFound('intact language model', `${name} v${row.version} (checksum mismatch)`);
  }
  const parameters = (row.parameters ?? {}) as { lowercase?: boolean; foldNumbers?: boolean };
  return {
    model: deserializeLanguageModel(row.artifact),
    tokenize: tokenizeOptionsOf({ lowercase: parameters.lowercase ?? true, foldNumbers: parameters.foldNumbers ?? true }),
    name: row.name,
    version: row.version,
    id: row.id,
  };
}
