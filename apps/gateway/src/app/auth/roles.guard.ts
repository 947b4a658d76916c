import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import type { Role } from '@pmed/data';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../graphql/gateway-context';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export const MISSING_KEY_MESSAGE = 'An API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"';

/**
 * Installed globally (APP_GUARD), so a resolver is closed unless it says who may call it: no
 * principal -> UNAUTHENTICATED, no @Roles declaration or a role not listed -> FORBIDDEN.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (context.getType<GqlContextType>() !== 'graphql') {
      // HTTP routes other than @Public ones have no key handling of their own.
      throw new PmedError(ErrorCode.FORBIDDEN, 'This route is not open');
    }
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<GatewayContext>();
    const field = gql.getInfo<GraphQLResolveInfo>().fieldName;
    if (!ctx.principal) throw ctx.authError ?? new PmedError(ErrorCode.UNAUTHENTICATED, MISSING_KEY_MESSAGE);
    if (!roles || roles.length === 0) {
      throw new PmedError(ErrorCode.FORBIDDEN, `${field} declares no roles, so no one may call it`, { details: { field } });
    }
    const role = ctx.principal.role;
    if (role === 'admin' || roles.includes(role)) return true;
    throw new PmedError(ErrorCode.FORBIDDEN, `The ${role} role may not use ${field} (allowed: ${roles.join(', ')})`, {
      details: { field, role, allowed: roles },
    });
  }
}
