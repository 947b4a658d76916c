import { ErrorCode, PmedError, badInput, notFound } from '@pmed/core';
import { Prisma, type ModelVersion } from '../../generated/sqlite/client';
import type { PmedPrismaClient } from '../database';
import { clientOf, isUniqueViolation, oneOf, optionalText, pageLimit, requireText, type DataSource } from './source';

export const MODEL_MODULES = ['imaging', 'case-prediction', 'drug-generation', 'recommender', 'nlp'] as const;
export type ModelModule = (typeof MODEL_MODULES)[number];
export const MODEL_STATUSES = ['training', 'ready', 'failed', 'retired'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** JSON-serialisable description (metrics, hyper-parameters, model card, ...). */
export type JsonObject = Prisma.InputJsonObject;

export interface ModelVersionFields {
  status?: ModelStatus;
  metrics?: JsonObject | null;
  parameters?: JsonObject | null;
  trainingData?: JsonObject | null;
  modelCard?: JsonObject | null;
  /** Model files packed into the database, or ... */
  artifact?: Uint8Array | null;
  /** ... a directory holding them. */
  artifactUri?: string | null;
  /** sha256 (hex) of the artifact, checked on load. */
  checksum?: string | null;
}

export interface RegisterModelVersionInput extends ModelVersionFields {
  module: ModelModule;
  name: string;
  jobId?: string | null;
}

export interface ModelVersionFilter {
  module?: ModelModule;
  name?: string;
  status?: ModelStatus;
  limit?: number;
}

const REGISTER_ATTEMPTS = 8;

function fields(input: ModelVersionFields): Prisma.ModelVersionUncheckedUpdateInput {
  const data: Prisma.ModelVersionUncheckedUpdateInput = {};
  if (input.status !== undefined) data.status = oneOf('status', input.status, MODEL_STATUSES);
  for (const key of ['metrics', 'parameters', 'trainingData', 'modelCard'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw badInput(key, 'must be a JSON object');
    data[key] = value === null ? Prisma.DbNull : value;
  }
  if (input.artifact !== undefined) {
    if (input.artifact !== null && !(input.artifact instanceof Uint8Array)) throw badInput('artifact', 'must be bytes (Uint8Array)');
    data.artifact = input.artifact === null ? null : new Uint8Array(input.artifact);
  }
  if (input.artifactUri !== undefined) data.artifactUri = input.artifactUri === null ? null : requireText('artifactUri', input.artifactUri, 2000);
  if (input.checksum !== undefined) {
    if (input.checksum !== null && (typeof input.checksum !== 'string' || !/^[0-9a-f]{64}$/.test(input.checksum))) {
      throw badInput('checksum', 'must be a sha256 digest in lower-case hex (64 characters)');
    }
    data.checksum = input.checksum;
  }
  return data;
}

/** Trained models: one row per (module, name, version), versions numbered 1, 2, 3, ... per name. */
export class ModelVersionRepository {
  private readonly client: PmedPrismaClient;

  constructor(source: DataSource) {
    this.client = clientOf(source);
  }

  /** Adds the next version of (module, name); concurrent registrations get distinct numbers. */
  async register(input: RegisterModelVersionInput): Promise<ModelVersion> {
    const module = oneOf('module', input?.module, MODEL_MODULES);
    const name = requireText('name', input.name, 100);
    const jobId = optionalText('jobId', input.jobId, 200) ?? null;
    const data = fields(input) as Prisma.ModelVersionUncheckedCreateInput;
    for (let attempt = 1; ; attempt++) {
      const last = await this.client.modelVersion.findFirst({ where: { module, name }, orderBy: { version: 'desc' }, select: { version: true } });
      try {
        return await this.client.modelVersion.create({ data: { ...data, module, name, jobId, version: (last?.version ?? 0) + 1 } });
      } catch (error) {
        // Another writer took this number (or this job's row); read again and retry.
        if (!isUniqueViolation(error) || attempt >= REGISTER_ATTEMPTS) throw error;
        if (jobId && (await this.client.modelVersion.findUnique({ where: { jobId } }))) {
          throw new PmedError(ErrorCode.CONFLICT, `job ${jobId} already registered a model version; use upsertForJob`, { details: { jobId } });
        }
      }
    }
  }

  /**
   * The row of a training job: created on the first call, updated on later ones, so a retried job
   * finishes its own version instead of adding another.
   */
  async upsertForJob(jobId: string, input: Omit<RegisterModelVersionInput, 'jobId'>): Promise<ModelVersion> {
    const id = requireText('jobId', jobId, 200);
    const existing = await this.client.modelVersion.findUnique({ where: { jobId: id } });
    if (!existing) {
      try {
        return await this.register({ ...input, jobId: id });
      } catch (error) {
        if (!(error instanceof PmedError && error.code === ErrorCode.CONFLICT)) throw error;
      }
    }
    const row = existing ?? (await this.client.modelVersion.findUnique({ where: { jobId: id } }));
    if (!row) throw notFound('ModelVersion', `for job ${id}`);
    if (row.module !== input.module || row.name !== input.name) {
      throw badInput('name', `job ${id} trains ${row.module}/${row.name}, not ${String(input.module)}/${String(input.name)}`);
    }
    return this.client.modelVersion.update({ where: { id: row.id }, data: fields(input) });
  }

  async get(id: string): Promise<ModelVersion | null> {
    return this.client.modelVersion.findUnique({ where: { id: requireText('id', id) } });
  }

  /** One version without its artifact (which may be megabytes): what a listing or a registry page needs. */
  async describe(id: string): Promise<Omit<ModelVersion, 'artifact'> | null> {
    return this.client.modelVersion.findUnique({ where: { id: requireText('id', id) }, omit: { artifact: true } });
  }

  async getVersion(module: ModelModule, name: string, version: number): Promise<ModelVersion | null> {
    if (!Number.isInteger(version) || version < 1) throw badInput('version', 'must be a positive integer');
    return this.client.modelVersion.findUnique({
      where: { module_name_version: { module: oneOf('module', module, MODEL_MODULES), name: requireText('name', name, 100), version } },
    });
  }

  /** The highest version of (module, name), by default only among those with status 'ready'. */
  async latest(module: ModelModule, name: string, options: { status?: ModelStatus | null } = {}): Promise<ModelVersion | null> {
    const status = options.status === null ? undefined : oneOf('status', options.status ?? 'ready', MODEL_STATUSES);
    return this.client.modelVersion.findFirst({
      where: { module: oneOf('module', module, MODEL_MODULES), name: requireText('name', name, 100), status },
      orderBy: { version: 'desc' },
    });
  }

  /** Newest first within each (module, name); artifacts are left out (load them with get). */
  async list(filter: ModelVersionFilter = {}): Promise<Omit<ModelVersion, 'artifact'>[]> {
    return this.client.modelVersion.findMany({
      where: {
        module: filter.module === undefined ? undefined : oneOf('module', filter.module, MODEL_MODULES),
        name: optionalText('name', filter.name, 100),
        status: filter.status === undefined ? undefined : oneOf('status', filter.status, MODEL_STATUSES),
      },
      omit: { artifact: true },
      orderBy: [{ module: 'asc' }, { name: 'asc' }, { version: 'desc' }],
      take: pageLimit('limit', filter.limit, 100, 1000),
    });
  }

  async setStatus(id: string, status: ModelStatus): Promise<ModelVersion> {
    const checked = oneOf('status', status, MODEL_STATUSES);
    const found = await this.client.modelVersion.findUnique({ where: { id: requireText('id', id) }, select: { id: true } });
    if (!found) throw notFound('ModelVersion', id);
    return this.client.modelVersion.update({ where: { id }, data: { status: checked } });
  }

  /** Updates metrics, artifact, model card, ... of an existing version. */
  async update(id: string, input: ModelVersionFields): Promise<ModelVersion> {
    const data = fields(input);
    const found = await this.client.modelVersion.findUnique({ where: { id: requireText('id', id) }, select: { id: true } });
    if (!found) throw notFound('ModelVersion', id);
    return this.client.modelVersion.update({ where: { id }, data });
  }
}
