import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ApiKey', { description: 'An API key as stored: never the key itself nor its hash' })
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Identifies the key in lists and logs; the key reads pmed_<prefix>_<secret>' })
  prefix!: string;

  @Field({ description: 'clinician, researcher or admin' })
  role!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('ApiKeyRevocation')
export class ApiKeyRevocationModel {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field(() => Int, { description: 'WebSocket connections of the key this gateway closed at once; other gateways close theirs within PMED_SOCKET_KEY_CHECK_MS' })
  closedConnections!: number;
}
