import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { mergeMap, type Observable } from 'rxjs';
import type { GatewayContext } from '../graphql/gateway-context';
import { AUDIT_KEY, type AuditSpec } from './audit.decorator';
import { AuditService } from './audit.service';

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    if (!spec) return next.handle();
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<GatewayContext>();
    const info = gql.getInfo<GraphQLResolveInfo>();
    const args = gql.getArgs<Record<string, unknown>>();
    const operation = info.operation.name?.value ?? `${info.operation.operation} ${info.fieldName}`;
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const events = spec.subjects(result, args).map((subject) => ({
          actorId: ctx.principal?.id ?? null,
          actorName: ctx.principal?.name ?? null,
          role: ctx.principal?.role ?? null,
          action: spec.action,
          entity: spec.entity,
          entityId: subject.entityId,
          patientId: subject.patientId,
          operation,
          requestId: ctx.requestId,
          ip: ctx.ip,
        }));
        await this.audit.recordAll(events);
        return result;
      }),
    );
  }
}
