import { Field, Float, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';

export enum MoleculeModelKindEnum {
  vae = 'vae',
  latentGan = 'latent-gan',
}
registerEnumType(MoleculeModelKindEnum, { name: 'MoleculeModelKind', description: 'vae: recurrent VAE; latentGan: WGAN-GP on the VAE latent space (LatentGAN)' });

export enum MoleculeRepresentationEnum {
  selfies = 'selfies',
  smiles = 'smiles',
}
registerEnumType(MoleculeRepresentationEnum, { name: 'MoleculeRepresentation' });

@InputType()
export class TrainMoleculeModelInput {
  @Field({ nullable: true, description: "Model name (default 'demo')" })
  name?: string;

  @Field(() => MoleculeModelKindEnum, { nullable: true, description: 'default vae' })
  model?: MoleculeModelKindEnum;

  @Field(() => MoleculeRepresentationEnum, { nullable: true, description: 'default selfies' })
  representation?: MoleculeRepresentationEnum;

  @Field(() => [String], { nullable: true, description: 'Training molecules (2 to 50,000 SMILES); the built-in demo set of known medicines when absent' })
  smiles?: string[];

  @Field(() => Int, { nullable: true, description: 'VAE epochs (default 30)' })
  epochs?: number;

  @Field(() => Int, { nullable: true, description: 'GAN epochs (default 30)' })
  ganEpochs?: number;

  @Field(() => Int, { nullable: true })
  hiddenSize?: number;

  @Field(() => Int, { nullable: true })
  latentSize?: number;

  @Field(() => Int, { nullable: true })
  batchSize?: number;

  @Field(() => Float, { nullable: true })
  learningRate?: number;

  @Field(() => Float, { nullable: true, description: 'Final weight of the KL term, reached by linear annealing (default 1)' })
  klWeight?: number;

  @Field(() => Float, { nullable: true, description: 'Free bits: nats per latent dimension the KL term does not penalise, so the decoder keeps using the latent (default 0.05)' })
  freeBits?: number;

  @Field(() => Int, { nullable: true })
  seed?: number;
}

@InputType()
export class PropertyRangeInput {
  @Field(() => Float, { nullable: true })
  min?: number;

  @Field(() => Float, { nullable: true })
  max?: number;
}

@InputType()
export class TargetPropertiesInput {
  @Field(() => PropertyRangeInput, { nullable: true, description: 'QED (Bickerton et al. 2012), 0..1' })
  qed?: PropertyRangeInput;

  @Field(() => PropertyRangeInput, { nullable: true, description: 'Crippen logP' })
  logP?: PropertyRangeInput;

  @Field(() => PropertyRangeInput, { nullable: true, description: 'Molecular weight, g/mol' })
  molecularWeight?: PropertyRangeInput;
}

@InputType()
export class GenerateMoleculesInput {
  @Field(() => ID, { description: 'Model name (newest ready version) or ModelVersion id' })
  model!: string;

  @Field(() => Int, { nullable: true })
  version?: number;

  @Field(() => Int, { description: 'Molecules wanted, 1 to 500' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Sampling temperature 0..2 (default 1; 0 decodes greedily)' })
  temperature?: number;

  @Field({ nullable: true, description: 'Generate near this molecule' })
  seedSmiles?: string;

  @Field(() => TargetPropertiesInput, { nullable: true, description: 'Search the latent space for molecules inside these ranges' })
  targetProperties?: TargetPropertiesInput;

  @Field(() => Int, { nullable: true, description: 'Random seed, for reproducible output' })
  seed?: number;

  @Field({ nullable: true, description: 'Store the valid molecules as Molecule rows (default true)' })
  keep?: boolean;
}

@InputType()
export class InterpolateMoleculesInput {
  @Field(() => ID, { description: 'Model name (newest ready version) or ModelVersion id' })
  model!: string;

  @Field(() => Int, { nullable: true })
  version?: number;

  @Field({ description: 'SMILES of the first end point' })
  from!: string;

  @Field({ description: 'SMILES of the last end point' })
  to!: string;

  @Field(() => Int, { nullable: true, description: 'Points on the line, both ends included, 2 to 100 (default 8)' })
  steps?: number;
}
