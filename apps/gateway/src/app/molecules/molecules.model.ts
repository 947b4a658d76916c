import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MolecularProperties')
export class MolecularPropertiesModel {
  @Field(() => Float, { description: 'Quantitative estimate of drug-likeness (Bickerton et al. 2012)' })
  qed!: number;

  @Field(() => Float, { description: 'Crippen logP' })
  logP!: number;

  @Field(() => Float, { description: 'Average molecular weight, g/mol' })
  molecularWeight!: number;

  @Field(() => Float)
  tpsa!: number;

  @Field(() => Int)
  hbd!: number;

  @Field(() => Int)
  hba!: number;

  @Field(() => Int)
  rotatableBonds!: number;

  @Field(() => Int)
  aromaticRings!: number;

  @Field(() => Int)
  heavyAtoms!: number;

  @Field(() => Int, { description: "How many of QED's unwanted-functionality alerts match" })
  alerts!: number;
}

@ObjectType('Molecule')
export class MoleculeInfoModel {
  @Field()
  smiles!: string;

  @Field({ description: "RDKit's canonical SMILES" })
  canonicalSmiles!: string;

  @Field(() => MolecularPropertiesModel)
  properties!: MolecularPropertiesModel;

  @Field({ description: 'A 2D depiction (SVG) drawn by RDKit' })
  svg!: string;
}

@ObjectType('GeneratedMolecule')
export class GeneratedMoleculeModel {
  @Field(() => ID, { nullable: true, description: 'The Molecule row, when kept' })
  id!: string | null;

  @Field({ description: 'What the model wrote' })
  smiles!: string;

  @Field(() => String, { nullable: true })
  canonicalSmiles!: string | null;

  @Field()
  valid!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Not among the molecules the model was trained on' })
  novel!: boolean | null;

  @Field(() => MolecularPropertiesModel, { nullable: true })
  properties!: MolecularPropertiesModel | null;

  @Field(() => Float, { nullable: true, description: 'Scaled distance to the target ranges (0 inside)' })
  targetDistance!: number | null;

  @Field(() => String, { nullable: true })
  svg!: string | null;
}

@ObjectType('GeneratedMolecules')
export class GeneratedMoleculesModel {
  @Field(() => ID)
  modelVersionId!: string;

  @Field()
  modelName!: string;

  @Field(() => Int)
  modelVersion!: number;

  @Field(() => [GeneratedMoleculeModel])
  molecules!: GeneratedMoleculeModel[];
}
