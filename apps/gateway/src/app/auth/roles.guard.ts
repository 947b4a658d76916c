import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import type { Role } from '@pmed/data';
import type { IncomingMessage } from 'node:http';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../graphql/gateway-context';
import { ApiKeyAuthService } from './api-key-auth.service';
import { presentedApiKey, type Principal } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export const MISSING_KEY_MESSAGE = 'An API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"';

/** An HTTP request after the guard let it through: who is calling. */
export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

/**
 * Installed globally (APP_GUARD), so a resolver or HTTP route is closed unless it says who may call
 * it: no principal -> UNAUTHENTICATED, no @Roles declaration or a role not listed -> FORBIDDEN.
 * GraphQL requests are authenticated once per request in the context; HTTP routes here.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: ApiKeyAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const ctx = gql.getContext<GatewayContext>();
      if (!ctx.principal) throw ctx.authError ?? new PmedError(ErrorCode.UNAUTHENTICATED, MISSING_KEY_MESSAGE);
      return allow(ctx.principal, roles, gql.getInfo<GraphQLResolveInfo>().fieldName);
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const outcome = await this.auth.authenticate(presentedApiKey(request.headers));
    if (!outcome.principal) throw outcome.error ?? new PmedError(ErrorCode.UNAUTHENTICATED, MISSING_KEY_MESSAGE);
    request.principal = outcome.principal;
    return allow(outcome.principal, roles, `${request.method ?? 'GET'} ${(request.url ?? '').split('?')[0]}`);
  }
}

function allow(principal: Principal, roles: Role[] | undefined, target: string): true {
  if (!roles || roles.length === 0) {
    throw new PmedError(ErrorCode.FORBIDDEN, `${target} declares no roles, so no one may call it`, { details: { target } });
  }
  if (principal.role === 'admin' || roles.includes(principal.role)) return true;
  throw new PmedError(ErrorCode.FORBIDDEN, `The ${principal.role} role may not use ${target} (allowed: ${roles.join(', ')})`, {
    details: { target, role: principal.role, allowed: roles },
  });
}
