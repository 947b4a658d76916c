import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('BackendAttempt', { description: 'A TensorFlow.js backend that was tried at start-up and did not load' })
export class BackendAttemptModel {
  @Field()
  name!: string;

  @Field()
  error!: string;
}

@ObjectType({ description: 'What this gateway runs on' })
export class SystemInfo {
  @Field({ description: 'Platform version' })
  version!: string;

  @Field({ description: "TensorFlow.js backend in use: 'node-gpu', 'node', 'wasm' or 'cpu'" })
  backend!: string;

  @Field({ description: 'Name of the backend inside TensorFlow.js (tensorflow, wasm, cpu)' })
  tfBackend!: string;

  @Field({ description: 'True when PMED_TF_BACKEND forced the backend' })
  backendForced!: boolean;

  @Field({ description: 'TensorFlow.js version' })
  tfVersion!: string;

  @Field(() => [BackendAttemptModel], { description: 'Backends tried before the one in use, with the reason each failed' })
  backendsTried!: BackendAttemptModel[];

  @Field({ description: "'sqlite' or 'postgres'" })
  database!: string;

  @Field({ description: "'in-process' or 'bullmq'" })
  queue!: string;

  @Field(() => Int, { description: 'Seconds since this gateway process started' })
  uptimeSeconds!: number;

  @Field({ description: 'Node.js version' })
  node!: string;
}
