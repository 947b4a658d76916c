import { Field, InputType, Int } from '@nestjs/graphql';
import type { JobStatus } from '@pmed/jobs';
import { JobStatusEnum } from './jobs.model';

@InputType()
export class JobFilterInput {
  @Field(() => JobStatusEnum, { nullable: true })
  status?: JobStatus;

  @Field({ nullable: true })
  kind?: string;

  @Field(() => Int, { nullable: true, description: '1..200, default 50' })
  limit?: number;

  @Field(() => String, { nullable: true })
  cursor?: string | null;
}

@InputType()
export class StartSelfTestJobInput {
  @Field(() => Int, { nullable: true, description: 'Steps to count (default 10)' })
  steps?: number;

  @Field(() => Int, { nullable: true, description: 'Pause per step in milliseconds (default 50)' })
  stepMs?: number;

  @Field(() => Int, { nullable: true, description: 'Fail attempts up to this number, to exercise retries (default 0)' })
  failAttempts?: number;
}
