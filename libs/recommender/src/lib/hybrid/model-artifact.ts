import { createHash } from 'node:crypto';
import { ErrorCode, PmedError } from '@pmed/core';
import type { BaselineModel } from '../baseline/baseline';
import type { HybridModel } from './hybrid-model';

/** The fitted models of both domains, as stored in a ModelVersion artifact. */
export interface RecommenderModels {
  doctor: HybridModel | null;
  drug: HybridModel | null;
}

export const RECOMMENDER_ARTIFACT_FORMAT = 'pmed-recommender/1';

function baselineToJson(b: BaselineModel) {
  return {
    method: b.method,
    globalMean: b.globalMean,
    userIds: b.userIds,
    itemIds: b.itemIds,
    userBias: Array.from(b.userBias),
    itemBias: Array.from(b.itemBias),
    userCounts: Array.from(b.userCounts),
    itemCounts: Array.from(b.itemCounts),
    scale: b.scale,
    hyperparameters: b.hyperparameters,
  };
}

function modelToJson(m: HybridModel | null) {
  if (!m) return null;
  return { ...m, baseline: baselineToJson(m.baseline), itemNormalisers: Object.fromEntries(m.itemNormalisers) };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON bytes of the models and their sha256. */
export function serializeRecommender(models: RecommenderModels): { artifact: Uint8Array; checksum: string } {
  const json = JSON.stringify({ format: RECOMMENDER_ARTIFACT_FORMAT, doctor: modelToJson(models.doctor), drug: modelToJson(models.drug) });
  const artifact = new TextEncoder().encode(json);
  return { artifact, checksum: sha256Hex(artifact) };
}

const invalid = (message: string) => new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `recommender artifact: ${message}`);

type Json = Record<string, unknown>;

function numbers(value: unknown, length: number, name: string): Float64Array {
  if (!Array.isArray(value) || value.length !== length || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) throw invalid(`${name} must be ${length} finite numbers`);
  return Float64Array.from(value as number[]);
}

function strings(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) throw invalid(`${name} must be a list of strings`);
  return value as string[];
}

function baselineFromJson(raw: Json): BaselineModel {
  const userIds = strings(raw['userIds'], 'userIds');
  const itemIds = strings(raw['itemIds'], 'itemIds');
  const scale = raw['scale'] as { min: unknown; max: unknown } | undefined;
  if (!scale || typeof scale.min !== 'number' || typeof scale.max !== 'number' || !(scale.min < scale.max)) throw invalid('scale must be { min, max } with min < max');
  if (raw['method'] !== 'als' && raw['method'] !== 'sgd') throw invalid('method must be als or sgd');
  if (typeof raw['globalMean'] !== 'number') throw invalid('globalMean must be a number');
  return {
    method: raw['method'],
    globalMean: raw['globalMean'],
    userIds,
    itemIds,
    userBias: numbers(raw['userBias'], userIds.length, 'userBias'),
    itemBias: numbers(raw['itemBias'], itemIds.length, 'itemBias'),
    userCounts: Int32Array.from(numbers(raw['userCounts'], userIds.length, 'userCounts')),
    itemCounts: Int32Array.from(numbers(raw['itemCounts'], itemIds.length, 'itemCounts')),
    userIndex: new Map(userIds.map((id, k) => [id, k])),
    itemIndex: new Map(itemIds.map((id, k) => [id, k])),
    scale: { min: scale.min, max: scale.max },
    hyperparameters: (raw['hyperparameters'] ?? {}) as Record<string, number>,
  };
}

function modelFromJson(raw: unknown, domain: 'doctor' | 'drug'): HybridModel | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object') throw invalid(`${domain} must be an object`);
  const m = raw as Json;
  if (m['domain'] !== domain) throw invalid(`${domain}.domain must be '${domain}'`);
  for (const key of ['tau', 'hybridWeight'] as const) if (typeof m[key] !== 'number' || !Number.isFinite(m[key])) throw invalid(`${domain}.${key} must be a number`);
  if (!((m['tau'] as number) > 0) || (m['hybridWeight'] as number) < 0 || (m['hybridWeight'] as number) > 1) throw invalid(`${domain}: tau must be > 0 and hybridWeight in [0, 1]`);
  const norms = m['itemNormalisers'];
  if (!norms || typeof norms !== 'object') throw invalid(`${domain}.itemNormalisers must be an object`);
  return {
    domain,
    baseline: baselineFromJson((m['baseline'] ?? {}) as Json),
    tau: m['tau'] as number,
    tauFitted: Boolean(m['tauFitted']),
    hybridWeight: m['hybridWeight'] as number,
    weightFitted: Boolean(m['weightFitted']),
    itemNormalisers: new Map(Object.entries(norms as Record<string, { logZ: number; maxSim: number }>)),
    validation: (m['validation'] ?? { ratings: 0, ndcgAt5: null, logLikelihood: null, split: 'none' }) as HybridModel['validation'],
  };
}

/** Reads an artifact back; a wrong checksum or a malformed body is MODEL_ARTIFACT_INVALID. */
export function deserializeRecommender(artifact: Uint8Array, expectedChecksum?: string | null): RecommenderModels {
  if (expectedChecksum && sha256Hex(artifact) !== expectedChecksum) throw invalid('sha256 does not match the stored checksum (corrupted or replaced)');
  let raw: Json;
  try {
    raw = JSON.parse(new TextDecoder().decode(artifact)) as Json;
  } catch (error) {
    throw new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, 'recommender artifact: not valid JSON', { cause: error });
  }
  if (raw?.['format'] !== RECOMMENDER_ARTIFACT_FORMAT) throw invalid(`unknown format ${JSON.stringify(raw?.['format'])}`);
  return { doctor: modelFromJson(raw['doctor'], 'doctor'), drug: modelFromJson(raw['drug'], 'drug') };
}
