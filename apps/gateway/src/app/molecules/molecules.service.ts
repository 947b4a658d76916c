import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Database } from '@pmed/data';
import { MOLECULES_TRAIN_KIND, MoleculeService } from '@pmed/job-handlers';
import type { JobQueue, JobRecord } from '@pmed/jobs';
import type { Principal } from '../auth/principal';
import { DATABASE, JOB_QUEUE } from '../runtime/runtime.tokens';
import type { GenerateMoleculesInput, InterpolateMoleculesInput, TrainMoleculeModelInput } from './molecules.input';
import type { GeneratedMoleculesModel, MoleculeInfoModel } from './molecules.model';

function definedOnly(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
}

@Injectable()
export class MoleculesService implements OnModuleDestroy {
  private readonly molecules: MoleculeService;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {
    this.molecules = new MoleculeService(db);
  }

  train(input: TrainMoleculeModelInput, principal: Principal): Promise<JobRecord> {
    return this.queue.enqueue({ kind: MOLECULES_TRAIN_KIND, params: definedOnly(input), createdBy: principal.id });
  }

  generate(input: GenerateMoleculesInput): Promise<GeneratedMoleculesModel> {
    const targets = input.targetProperties ? Object.fromEntries(Object.entries(input.targetProperties).filter(([, r]) => r).map(([k, r]) => [k, definedOnly(r as object)])) : null;
    return this.molecules.generate({ ...input, seedSmiles: input.seedSmiles ?? null, targetProperties: targets, withSvg: true });
  }

  interpolate(input: InterpolateMoleculesInput): Promise<GeneratedMoleculesModel> {
    return this.molecules.interpolate({ ...input, version: input.version ?? undefined, steps: input.steps ?? 8, withSvg: true });
  }

  describe(smiles: string): Promise<MoleculeInfoModel> {
    return this.molecules.describe(smiles);
  }

  onModuleDestroy(): void {
    this.molecules.dispose();
  }
}
