import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JOB_STATUSES, type JobCurvePoint, type JobStatus } from '@pmed/jobs';
import { GraphQLJSON } from '../common/json.scalar';

export const JobStatusEnum = Object.fromEntries(JOB_STATUSES.map((s) => [s, s])) as { [K in JobStatus]: K };
registerEnumType(JobStatusEnum, { name: 'JobStatus', description: 'queued -> running -> succeeded | failed | cancelled' });

@ObjectType('JobError')
export class JobErrorModel {
  @Field({ description: 'Stable error code' })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType('JobLog')
export class JobLogModel {
  @Field(() => Int)
  id!: number;

  @Field()
  at!: Date;

  @Field()
  level!: string;

  @Field()
  message!: string;
}

@ObjectType('TrainingCurvePoint', { description: 'One epoch of a training curve' })
export class TrainingCurvePointModel {
  @Field(() => Int, { description: 'Epoch of the run, counting up from 1 (0 for the state before training, when reported)' })
  epoch!: number;

  @Field(() => GraphQLJSON, { description: 'Metric name to a finite number, e.g. { "loss": 0.41, "val_loss": 0.47 }; at most 16 metrics' })
  values!: Record<string, number>;
}

@ObjectType('Job', { description: 'A long-running task: training, batch mining, self-test' })
export class JobModel {
  @Field(() => ID)
  id!: string;

  @Field()
  kind!: string;

  @Field(() => JobStatusEnum)
  status!: JobStatus;

  @Field(() => Float, { description: '0..1' })
  progress!: number;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  parameters!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  result!: unknown;

  @Field(() => JobErrorModel, { nullable: true })
  error!: JobErrorModel | null;

  @Field(() => [TrainingCurvePointModel], {
    name: 'trainingCurve',
    description:
      "Per-epoch metrics a training job has reported so far, oldest first (at most 500 points; longer runs keep every other point). Empty for jobs that report none. Live updates arrive as jobProgress 'metrics' events",
  })
  curve!: JobCurvePoint[];

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int)
  maxAttempts!: number;

  @Field()
  cancelRequested!: boolean;

  @Field(() => String, { nullable: true, description: 'ApiKey id of whoever started the job' })
  createdBy!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType('JobPage')
export class JobPageModel {
  @Field(() => [JobModel])
  items!: JobModel[];

  @Field(() => String, { nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

@ObjectType('JobProgressEvent', {
  description:
    "A change of a job: 'status', 'progress', 'metrics' or 'log'. The job's current status comes first, then its progress while it runs and, when it has one, its training curve so far as one 'metrics' event",
})
export class JobProgressEventModel {
  @Field()
  type!: string;

  @Field(() => ID)
  jobId!: string;

  @Field({ description: 'ISO 8601 time of the event' })
  at!: string;

  @Field(() => JobStatusEnum, { nullable: true })
  status?: JobStatus;

  @Field(() => Float, { nullable: true })
  progress?: number;

  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => Int, { nullable: true })
  attempt?: number;

  @Field(() => JobErrorModel, { nullable: true })
  error?: JobErrorModel | null;

  @Field(() => String, { nullable: true, description: "Log level of a 'log' event" })
  level?: string;

  @Field(() => [TrainingCurvePointModel], {
    nullable: true,
    description: "New training-curve points of a 'metrics' event, oldest first. Add them to the curve by epoch: a point at or before the last epoch drawn starts the curve again from there (a retried attempt, or the next model of the run)",
  })
  points?: JobCurvePoint[];
}
