import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ApiKeyAuthService } from './api-key-auth.service';
import { ApiKeyRevocationModel } from './api-key.model';
import { Roles } from './roles.decorator';

@Resolver()
export class ApiKeysResolver {
  constructor(private readonly auth: ApiKeyAuthService) {}

  @Roles('admin')
  @Mutation(() => ApiKeyRevocationModel, { description: 'Revokes an API key by id or prefix (revoking twice keeps the first time) and closes its open WebSocket connections' })
  async revokeApiKey(@Args('idOrPrefix') idOrPrefix: string): Promise<ApiKeyRevocationModel> {
    const { record, closedConnections } = await this.auth.revoke(idOrPrefix);
    return { apiKey: record, closedConnections };
  }
}
