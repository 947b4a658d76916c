import { ErrorCode, PmedError, badInput, notFound } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import {
  checkTargets,
  checkTemperature,
  deserializeMoleculeModel,
  evaluateGenerated,
  MoleculeSampler,
  searchLatentSpace,
  type Chemistry,
  type GenerationMetrics,
  type MolecularProperties,
  type MoleculeModel,
  type PropertyTargets,
} from '@pmed/drug-generation';
import { sharedChemistry } from './chemistry-cache';
import { DRUG_GENERATION_MODULE } from './train-molecule-model';

export const MAX_GENERATE_COUNT = 500;
export const MAX_EVALUATE_SAMPLES = 20_000;

export interface GenerateMoleculesInput {
  /** Model name (newest ready version) or ModelVersion id. */
  model: string;
  version?: number;
  count: number;
  temperature?: number;
  seedSmiles?: string | null;
  targetProperties?: PropertyTargets | null;
  seed?: number;
  /** Store valid molecules as Molecule rows (default true). */
  keep?: boolean;
  withSvg?: boolean;
}

export interface InterpolateMoleculesInput {
  /** Model name (newest ready version) or ModelVersion id. */
  model: string;
  version?: number;
  from: string;
  to: string;
  /** Points on the line, both ends included: 2 to 100. */
  steps: number;
  withSvg?: boolean;
}

export interface GeneratedMolecule {
  id: string | null;
  smiles: string;
  canonicalSmiles: string | null;
  valid: boolean;
  novel: boolean | null;
  properties: MolecularProperties | null;
  /** Scaled distance to the target ranges (0 inside); null without targets. */
  targetDistance: number | null;
  svg: string | null;
}

export interface GenerateMoleculesResult {
  modelVersionId: string;
  modelName: string;
  modelVersion: number;
  molecules: GeneratedMolecule[];
}

interface LoadedModel {
  id: string;
  name: string;
  version: number;
  checksum: string | null;
  model: MoleculeModel;
  training: Set<string>;
}

/**
 * Generation and chemistry queries over stored molecule models. Keeps the last few loaded models in
 * memory (rebuilt when a version's checksum changes).
 */
export class MoleculeService {
  private readonly cache = new Map<string, LoadedModel>();

  constructor(
    private readonly db: Database,
    private readonly cacheSize = 3,
  ) {}

  async chemistry(): Promise<Chemistry> {
    return sharedChemistry();
  }

  /** Canonical SMILES, properties and a depiction of any molecule; BAD_USER_INPUT with RDKit's reason when it does not parse. */
  async describe(smiles: string): Promise<{ smiles: string; canonicalSmiles: string; properties: MolecularProperties; svg: string }> {
    const chemistry = await this.chemistry();
    const parsed = chemistry.parse(smiles);
    if (!parsed.valid) throw badInput('smiles', `RDKit cannot parse "${String(smiles).slice(0, 80)}": ${parsed.error}`, { reason: parsed.error });
    const canonical = parsed.canonicalSmiles as string;
    return { smiles, canonicalSmiles: canonical, properties: chemistry.properties(canonical) as MolecularProperties, svg: chemistry.svg(canonical) as string };
  }

  async generate(input: GenerateMoleculesInput): Promise<GenerateMoleculesResult> {
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_GENERATE_COUNT) throw badInput('count', `must be an integer from 1 to ${MAX_GENERATE_COUNT}, got ${input.count}`);
    const temperature = checkTemperature(input.temperature ?? 1);
    const targets = input.targetProperties ? checkTargets(input.targetProperties) : null;
    const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
    const chemistry = await this.chemistry();
    const loaded = await this.load(input.model, input.version);
    const sampler = new MoleculeSampler(loaded.model.vae, loaded.model.gan);
    let raw: { smiles: string; distance: number | null }[];
    if (targets && Object.keys(targets).length) {
      const start = input.seedSmiles ? sampler.encodeSmiles(chemistry.rdkit, input.seedSmiles) : undefined;
      const found = searchLatentSpace({ sampler, chemistry, targets, count: input.count, start, temperature: Math.min(temperature, 0.5), seed });
      raw = found.molecules.map((m) => ({ smiles: m.smiles, distance: m.distance }));
    } else if (input.seedSmiles) {
      raw = sampler.sampleNear(chemistry.rdkit, { seedSmiles: input.seedSmiles, count: input.count, temperature, seed }).map((m) => ({ smiles: m.smiles, distance: null }));
    } else {
      raw = sampler.sample({ count: input.count, temperature, seed }).map((m) => ({ smiles: m.smiles, distance: null }));
    }
    const parameters = { temperature, seed, seedSmiles: input.seedSmiles ?? null, targetProperties: (targets ?? null) as object | null, count: input.count };
    const molecules = this.describeGenerated(chemistry, loaded, raw, input.withSvg ?? false);
    if (input.keep ?? true) await this.keep(loaded.id, molecules, parameters);
    return { modelVersionId: loaded.id, modelName: loaded.name, modelVersion: loaded.version, molecules };
  }

  /**
   * `steps` molecules decoded greedily from evenly spaced points on the straight line between the
   * latent means of two molecules (the first and last are the reconstructions of `from` and `to`).
   * Nothing is stored.
   */
  async interpolate(input: InterpolateMoleculesInput): Promise<GenerateMoleculesResult> {
    const chemistry = await this.chemistry();
    const loaded = await this.load(input.model, input.version);
    const sampler = new MoleculeSampler(loaded.model.vae, loaded.model.gan);
    const raw = sampler.interpolate(chemistry.rdkit, { from: input.from, to: input.to, steps: input.steps });
    const molecules = this.describeGenerated(chemistry, loaded, raw.map((m) => ({ smiles: m.smiles, distance: null })), input.withSvg ?? false);
    return { modelVersionId: loaded.id, modelName: loaded.name, modelVersion: loaded.version, molecules };
  }

  /** MOSES metrics of `samples` molecules from a model, against its training set. */
  async evaluate(input: { model: string; version?: number; samples: number; temperature?: number; seed?: number }): Promise<GenerationMetrics & { modelVersionId: string }> {
    if (!Number.isInteger(input.samples) || input.samples < 10 || input.samples > MAX_EVALUATE_SAMPLES) throw badInput('samples', `must be an integer from 10 to ${MAX_EVALUATE_SAMPLES}`);
    const chemistry = await this.chemistry();
    const loaded = await this.load(input.model, input.version);
    const sampler = new MoleculeSampler(loaded.model.vae, loaded.model.gan);
    const generated: string[] = [];
    for (let done = 0; done < input.samples; done += 500) {
      const batch = sampler.sample({ count: Math.min(500, input.samples - done), temperature: checkTemperature(input.temperature ?? 1), seed: (input.seed ?? 1) + done });
      generated.push(...batch.map((m) => m.smiles));
    }
    return { ...evaluateGenerated({ chemistry, generated, training: loaded.training }), modelVersionId: loaded.id };
  }

  dispose(): void {
    for (const entry of this.cache.values()) release(entry);
    this.cache.clear();
  }

  private describeGenerated(chemistry: Chemistry, loaded: LoadedModel, raw: { smiles: string; distance: number | null }[], withSvg: boolean): GeneratedMolecule[] {
    return raw.map((item) => {
      const canonical = item.smiles ? chemistry.canonical(item.smiles) : null;
      return {
        id: null,
        smiles: item.smiles,
        canonicalSmiles: canonical,
        valid: canonical !== null,
        novel: canonical ? !loaded.training.has(canonical) : null,
        properties: canonical ? chemistry.properties(canonical) : null,
        targetDistance: item.distance,
        svg: withSvg && canonical ? chemistry.svg(canonical) : null,
      };
    });
  }

  private async keep(modelVersionId: string, molecules: GeneratedMolecule[], parameters: object): Promise<void> {
    for (const molecule of molecules) {
      if (!molecule.valid) continue;
      const row = await this.db.client.molecule.create({
        data: {
          smiles: molecule.smiles,
          canonicalSmiles: molecule.canonicalSmiles,
          valid: true,
          modelVersionId,
          parameters,
          properties: { ...(molecule.properties as unknown as Record<string, number>), novel: molecule.novel },
        },
        select: { id: true },
      });
      molecule.id = row.id;
    }
  }

  private async load(model: string, version?: number): Promise<LoadedModel> {
    if (typeof model !== 'string' || model.trim() === '') throw badInput('model', 'must name a molecule model');
    const repository = new ModelVersionRepository(this.db);
    const byId = await repository.get(model);
    const row =
      byId && byId.module === DRUG_GENERATION_MODULE
        ? byId
        : version !== undefined
          ? await repository.getVersion(DRUG_GENERATION_MODULE, model, version)
          : await repository.latest(DRUG_GENERATION_MODULE, model, { status: 'ready' });
    if (!row) throw notFound('molecule model', version === undefined ? model : `${model} v${version}`);
    if (row.status !== 'ready') throw new PmedError(ErrorCode.CONFLICT, `molecule model ${row.name} v${row.version} is ${row.status}, not ready`);
    const cached = this.cache.get(row.id);
    if (cached && cached.checksum === row.checksum) {
      this.cache.delete(row.id);
      this.cache.set(row.id, cached);
      return cached;
    }
    const full = await repository.get(row.id);
    if (!full?.artifact) throw notFound('molecule model artifact', row.id);
    const loadedModel = deserializeMoleculeModel(full.artifact, full.checksum ?? undefined);
    const entry: LoadedModel = { id: row.id, name: row.name, version: row.version, checksum: row.checksum, model: loadedModel, training: new Set(loadedModel.trainingSmiles) };
    if (cached) release(cached);
    this.cache.set(row.id, entry);
    while (this.cache.size > this.cacheSize) {
      const [oldest, value] = this.cache.entries().next().value as [string, LoadedModel];
      release(value);
      this.cache.delete(oldest);
    }
    return entry;
  }
}

function release(entry: LoadedModel): void {
  entry.model.vae.dispose();
  entry.model.gan?.dispose();
}
