import { badInput, notFound } from '@pmed/core';
import { MODEL_MODULES, ModelVersionRepository, type Database, type ModelModule } from '@pmed/data';

/** A registered model version of any module, without its artifact. */
export interface ModelVersionInfo {
  id: string;
  module: string;
  name: string;
  version: number;
  status: string;
  metrics: unknown;
  parameters: unknown;
  trainingData: unknown;
  modelCard: unknown;
  jobId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelVersionListFilter {
  /** One of MODEL_MODULES; every module when absent. */
  module?: string | null;
  name?: string | null;
  /** 1 to MAX_MODEL_VERSION_PAGE; default 50. */
  limit?: number | null;
}

export const MAX_MODEL_VERSION_PAGE = 100;

/** Only the fields the registry shows. */
function info(row: ModelVersionInfo): ModelVersionInfo {
  const { id, module, name, version, status, metrics, parameters, trainingData, modelCard, jobId, createdAt, updatedAt } = row;
  return { id, module, name, version, status, metrics, parameters, trainingData, modelCard, jobId, createdAt, updatedAt };
}

/** Model versions of every module (or one), by module and name, newest version first; BAD_USER_INPUT for an unknown module. */
export async function listModelVersions(db: Database, filter: ModelVersionListFilter = {}): Promise<ModelVersionInfo[]> {
  const module = filter.module ?? undefined;
  if (module !== undefined && !(MODEL_MODULES as readonly string[]).includes(module)) {
    throw badInput('module', `must be one of ${MODEL_MODULES.join(', ')}, got '${module}'`, { allowed: [...MODEL_MODULES] });
  }
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MODEL_VERSION_PAGE) throw badInput('limit', `must be an integer from 1 to ${MAX_MODEL_VERSION_PAGE}, got ${limit}`);
  const rows = await new ModelVersionRepository(db.client).list({ module: module as ModelModule | undefined, name: filter.name ?? undefined, limit });
  return rows.map(info);
}

/** One model version of any module, without its artifact; NOT_FOUND when there is none. */
export async function getModelVersion(db: Database, id: string): Promise<ModelVersionInfo> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw badInput('id', 'must be a model version id');
  const row = await new ModelVersionRepository(db.client).describe(id);
  if (!row) throw notFound('Model version', id);
  return info(row);
}
