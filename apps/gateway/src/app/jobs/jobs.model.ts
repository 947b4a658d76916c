import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JOB_STATUSES, type JobStatus } from '@pmed/jobs';
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

@ObjectType('JobProgressEvent', { description: "A change of a job: 'status', 'progress' or 'log'; the job's current status (and progress) comes first" })
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
}
