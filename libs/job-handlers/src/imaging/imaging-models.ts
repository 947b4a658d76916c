import { badInput, notFound } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import { loadImagingModel, type ImagingClassifier } from '@pmed/imaging';
import { DEFAULT_IMAGING_MODEL_NAME } from './imaging-train';

export interface ImagingModelRef {
  modelVersionId?: string;
  /** Latest ready version of this name when no id is given; default 'default'. */
  name?: string;
}

export interface ImagingModelVersionInfo {
  id: string;
  name: string;
  version: number;
  status: string;
  metrics: unknown;
  modelCard: unknown;
  jobId: string | null;
  createdAt: Date;
}

/** Finds a ready imaging model version without loading its weights; NOT_FOUND / BAD_USER_INPUT otherwise. */
export async function resolveImagingModelVersion(db: Database, ref: ImagingModelRef): Promise<ImagingModelVersionInfo> {
  const repo = new ModelVersionRepository(db.client);
  const name = ref.name ?? DEFAULT_IMAGING_MODEL_NAME;
  const row = ref.modelVersionId ? await repo.get(ref.modelVersionId) : await repo.latest('imaging', name);
  if (!row || row.module !== 'imaging') throw notFound('Imaging model version', ref.modelVersionId ?? `${name} (latest ready)`);
  if (row.status !== 'ready') throw badInput('modelVersionId', `model version ${row.id} is ${row.status}, not ready`);
  return { id: row.id, name: row.name, version: row.version, status: row.status, metrics: row.metrics, modelCard: row.modelCard, jobId: row.jobId, createdAt: row.createdAt };
}

/** Loads the weights of a model version, checking the artifact against the stored sha256. */
export async function loadImagingArtifact(db: Database, id: string): Promise<ImagingClassifier> {
  const row = await new ModelVersionRepository(db.client).get(id);
  if (!row?.artifact) throw notFound('Imaging model artifact', id);
  return loadImagingModel(row.artifact, { expectedSha256: row.checksum ?? undefined });
}

export async function loadImagingModelVersion(db: Database, ref: ImagingModelRef): Promise<ImagingModelVersionInfo & { classifier: ImagingClassifier }> {
  const info = await resolveImagingModelVersion(db, ref);
  return { ...info, classifier: await loadImagingArtifact(db, info.id) };
}

/** Imaging model versions, newest first per name, without their artifacts. */
export async function listImagingModels(db: Database, limit?: number): Promise<ImagingModelVersionInfo[]> {
  const rows = await new ModelVersionRepository(db.client).list({ module: 'imaging', limit });
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, status: r.status, metrics: r.metrics, modelCard: r.modelCard, jobId: r.jobId, createdAt: r.createdAt }));
}
