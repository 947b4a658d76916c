import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RecommendationFeature', { description: 'A feature shared by patient and item, with its share of the cosine similarity' })
export class RecommendationFeatureModel {
  @Field({ description: "Kind and value, e.g. 'specialty:cardiology', 'class:antidiabetic'" })
  feature!: string;

  @Field(() => Float)
  contribution!: number;
}

@ObjectType('SafetyFinding', { description: 'Why the safety filter removed a drug' })
export class SafetyFindingModel {
  @Field({ description: 'CONDITION_CONTRAINDICATION | ALLERGY_CONTRAINDICATION | ALLERGY_TO_DRUG | DRUG_INTERACTION | DUPLICATE_THERAPY' })
  rule!: string;

  @Field({ description: 'The contraindication, class, name or interaction entry on the drug that matched' })
  drugTerm!: string;

  @Field({ description: "The patient's condition, allergy or current medication that matched" })
  patientFact!: string;

  @Field()
  message!: string;
}

@ObjectType('Recommendation')
export class RecommendationModel {
  @Field(() => ID, { description: 'Doctor or drug id' })
  itemId!: string;

  @Field()
  name!: string;

  @Field(() => Float, { description: 'Hybrid score in [0, 1]' })
  score!: number;

  @Field(() => Float, { description: 'Baseline estimate μ + b_u + b_i, clipped to 1..5' })
  predictedRating!: number;

  @Field(() => Float, { description: 'μ: the mean rating' })
  globalMean!: number;

  @Field(() => Float, { description: "b_u: the patient's bias (0 when the patient has no ratings)" })
  userBias!: number;

  @Field(() => Float, { description: "b_i: the item's bias" })
  itemBias!: number;

  @Field(() => Float, { description: 'Cosine similarity of patient and item features' })
  similarity!: number;

  @Field(() => Float, { description: 'P(patient | item) under the content softmax' })
  probability!: number;

  @Field({ description: 'The patient has no ratings: ranked by the content model alone' })
  coldStart!: boolean;

  @Field(() => [RecommendationFeatureModel])
  topFeatures!: RecommendationFeatureModel[];

  @Field()
  explanation!: string;

  @Field(() => [SafetyFindingModel], { description: 'Safety flags; always empty for returned drugs (unsafe ones are removed)' })
  safetyFlags!: SafetyFindingModel[];
}

@ObjectType('FilteredDrug')
export class FilteredDrugModel {
  @Field(() => ID)
  drugId!: string;

  @Field()
  name!: string;

  @Field(() => [SafetyFindingModel])
  findings!: SafetyFindingModel[];
}

@ObjectType('RecommendationList')
export class RecommendationListModel {
  @Field(() => ID)
  patientId!: string;

  @Field({ description: 'The condition as resolved (code and display)' })
  conditionCode!: string;

  @Field()
  conditionDisplay!: string;

  @Field(() => [RecommendationModel])
  items!: RecommendationModel[];

  @Field(() => [FilteredDrugModel], { description: 'Drugs removed by the safety filter (only when includeFiltered is true)' })
  filtered!: FilteredDrugModel[];

  @Field(() => Int, { nullable: true, description: 'The recommender ModelVersion used; null when fitted on the fly' })
  modelVersion!: number | null;

  /** Which catalogue the items come from (not a GraphQL field: it decides what `fhir` returns). */
  domain?: 'doctor' | 'drug';
}

@ObjectType('PatientAssignment')
export class PatientAssignmentModel {
  @Field(() => ID)
  patientId!: string;

  @Field(() => ID, { nullable: true, description: 'null when no doctor had a slot left' })
  doctorId!: string | null;

  @Field(() => String, { nullable: true })
  doctorName!: string | null;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => ID, { nullable: true, description: 'The Appointment booked for this placement (bookPatients); null when not booked' })
  appointmentId!: string | null;
}

@ObjectType('AssignmentResult')
export class AssignmentResultModel {
  @Field(() => [PatientAssignmentModel])
  assignments!: PatientAssignmentModel[];

  @Field(() => Float, { description: 'Sum of the hybrid scores of the placements (maximal within capacities)' })
  totalScore!: number;

  @Field(() => Int)
  unassigned!: number;

  @Field(() => ID, { nullable: true, description: 'Shared by the appointments bookPatients made; null for an unbooked assignment' })
  bookingId!: string | null;
}

@ObjectType('Rating')
export class RatingModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  patientId!: string;

  @Field(() => ID)
  itemId!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Float, { nullable: true, description: 'sentiment of the feedback, -1..1 (clinical NLP)' })
  sentiment?: number | null;

  @Field({ description: "'api' for an explicit value, 'feedback-sentiment' for one implied by the feedback" })
  source!: string;

  @Field()
  ratedAt!: Date;
}
