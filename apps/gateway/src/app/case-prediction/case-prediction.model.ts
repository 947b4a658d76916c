import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../common/json.scalar';
import { ModelVersionFields } from '../common/model-version.model';

@ObjectType('RiskInterval', { description: 'Spread of the calibrated risk under Monte Carlo dropout' })
export class RiskIntervalModel {
  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;

  @Field(() => Float, { description: 'Two-sided level, e.g. 0.9' })
  level!: number;
}

@ObjectType('RiskDriver', { description: 'An input that raised (> 0) or lowered (< 0) the risk, by occlusion' })
export class RiskDriverModel {
  @Field({ description: "'variable' or 'descriptor'" })
  kind!: string;

  @Field()
  name!: string;

  @Field()
  display!: string;

  @Field(() => Float, { description: 'Calibrated risk minus the risk without this input' })
  contribution!: number;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Last value in the window, or the descriptor value' })
  value!: number | string | null;
}

@ObjectType('CaseModelVersion')
export class CaseModelVersionModel extends ModelVersionFields {}

@ObjectType('OutcomePrediction')
export class OutcomePredictionModel {
  @Field(() => ID)
  patientId!: string;

  @Field(() => ID)
  encounterId!: string;

  @Field()
  outcome!: string;

  @Field(() => Float, { description: "The network's probability" })
  risk!: number;

  @Field(() => Float, { description: 'Calibrated on validation data: the number to act on' })
  calibratedRisk!: number;

  @Field(() => RiskIntervalModel, { nullable: true })
  interval!: RiskIntervalModel | null;

  @Field(() => [RiskDriverModel], { description: 'Largest |contribution| first' })
  drivers!: RiskDriverModel[];

  @Field(() => GraphQLJSON, { nullable: true, description: '{ variables, binStartHours, values[variable][bin] }' })
  heatmap!: unknown;

  @Field(() => String, { nullable: true, description: 'The heat map as an SVG document' })
  heatmapSvg!: string | null;

  @Field(() => Int, { description: 'Observations in the window that were used' })
  observations!: number;

  @Field(() => Int, { description: 'Impossible values dropped by the sanity ranges' })
  droppedValues!: number;

  @Field(() => CaseModelVersionModel)
  modelVersion!: CaseModelVersionModel;
}
