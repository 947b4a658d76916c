import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/gateway-context';
import { JobModel } from '../jobs/jobs.model';
import { GenerateMoleculesInput, InterpolateMoleculesInput, TrainMoleculeModelInput } from './molecules.input';
import { GeneratedMoleculesModel, MoleculeInfoModel } from './molecules.model';
import { MoleculesService } from './molecules.service';

function principalOf(ctx: GatewayContext): Principal {
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

/** Drug generation: molecule properties, model training jobs and generation. */
@Resolver()
export class MoleculesResolver {
  constructor(private readonly service: MoleculesService) {}

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => MoleculeInfoModel, { description: 'Canonical SMILES, properties (QED, logP, weight, ...) and a depiction of any molecule' })
  molecule(@Args('smiles') smiles: string): Promise<MoleculeInfoModel> {
    return this.service.describe(smiles);
  }

  @Roles('researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts a job that trains a molecule VAE or LatentGAN (a ModelVersion of module drug-generation)' })
  trainMoleculeModel(@Args('input', { type: () => TrainMoleculeModelInput, nullable: true }) input: TrainMoleculeModelInput | undefined, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.train(input ?? {}, principalOf(ctx));
  }

  @Roles('researcher', 'admin')
  @Mutation(() => GeneratedMoleculesModel, { description: 'Generates molecules with a trained model (optionally near a seed or toward property ranges) and keeps the valid ones' })
  generateMolecules(@Args('input', { type: () => GenerateMoleculesInput }) input: GenerateMoleculesInput): Promise<GeneratedMoleculesModel> {
    return this.service.generate(input);
  }

  @Roles('researcher', 'admin')
  @Query(() => GeneratedMoleculesModel, {
    description: "Molecules decoded (greedily) from evenly spaced points on the line between two molecules' latent means; the first and last are the model's reconstructions of the end points. Nothing is stored.",
  })
  interpolateMolecules(@Args('input', { type: () => InterpolateMoleculesInput }) input: InterpolateMoleculesInput): Promise<GeneratedMoleculesModel> {
    return this.service.interpolate(input);
  }
}
