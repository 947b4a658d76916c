import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import type { PmedConfig } from '@pmed/core';
import { GraphQLError, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { ApiKeyAuthService, type AuthOutcome } from '../auth/api-key-auth.service';
import { presentedApiKey } from '../auth/principal';
import { PMED_CONFIG } from '../runtime/runtime.tokens';
import type { PmedApolloDriverConfig } from './apollo-express.driver';
import { formatGatewayError } from './error-format';
import { clientIp, requestIdOf, type GatewayContext } from './gateway-context';
import { assertWithinLimits, queryLimitsPlugin, type QueryLimits } from './query-limits';

type HttpArgs = { req: IncomingMessage; res: ServerResponse };
type SocketExtra = { request: IncomingMessage; pmedAuth?: AuthOutcome };
type SocketArgs = WsContext<Record<string, unknown> | undefined, SocketExtra>;

/** Bearer or x-api-key, read from graphql-ws connection params the way HTTP headers are read. */
function connectionHeaders(params: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    authorization: text(params?.['authorization']) ?? text(params?.['Authorization']),
    'x-api-key': text(params?.['x-api-key']) ?? text(params?.['apiKey']),
  };
}

@Injectable()
export class GraphQLOptionsFactory implements GqlOptionsFactory<PmedApolloDriverConfig> {
  private schema: GraphQLSchema | undefined;

  constructor(
    @Inject(PMED_CONFIG) private readonly config: PmedConfig,
    private readonly auth: ApiKeyAuthService,
  ) {}

  createGqlOptions(): PmedApolloDriverConfig {
    const limits: QueryLimits = { maxDepth: this.config.maxQueryDepth, maxComplexity: this.config.maxQueryComplexity };
    return {
      // Written to a file only where a developer wants to read it; production builds it in memory.
      autoSchemaFile: process.env['NODE_ENV'] === 'development' ? join(process.cwd(), 'apps/gateway/schema.gql') : true,
      sortSchema: true,
      path: '/graphql',
      playground: false,
      includeStacktraceInErrorResponses: false,
      stopGracePeriodMillis: this.config.shutdownGraceMs,
      formatError: formatGatewayError,
      plugins: [queryLimitsPlugin(limits)],
      transformSchema: (schema: GraphQLSchema) => {
        this.schema = schema;
        return schema;
      },
      context: (args: HttpArgs | SocketArgs) => ('extra' in args ? this.socketContext(args) : this.httpContext(args)),
      subscriptions: {
        'graphql-ws': {
          onConnect: async (ctx: SocketArgs) => {
            ctx.extra.pmedAuth = await this.auth.authenticate(presentedApiKey(connectionHeaders(ctx.connectionParams)));
            return true;
          },
          onSubscribe: (_ctx: SocketArgs, _id: string, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) =>
            this.subscriptionLimitErrors(payload, limits),
          // Apollo's formatError does not see socket traffic: give those errors the same stable codes.
          onNext: (_ctx: SocketArgs, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
            result.errors ? { ...result, errors: result.errors.map((error) => formatGatewayError(error.toJSON(), error)) } : result,
        },
      },
    } as PmedApolloDriverConfig;
  }

  private async httpContext({ req, res }: HttpArgs): Promise<GatewayContext> {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const outcome = await this.auth.authenticate(presentedApiKey(req.headers));
    return { req, principal: outcome.principal, authError: outcome.error, requestId, ip: clientIp(req), scoped: new Map() };
  }

  private socketContext(ctx: SocketArgs): GatewayContext {
    const req = ctx.extra.request;
    const outcome = ctx.extra.pmedAuth ?? { principal: null, error: null };
    return { req, principal: outcome.principal, authError: outcome.error, requestId: requestIdOf(req), ip: clientIp(req), scoped: new Map() };
  }

  /** HTTP operations are checked by the Apollo plugin; subscriptions arrive over the socket instead. */
  private subscriptionLimitErrors(
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    limits: QueryLimits,
  ): GraphQLError[] | undefined {
    if (!this.schema) return undefined;
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch {
      return undefined; // graphql-ws reports the syntax error itself
    }
    try {
      assertWithinLimits({ schema: this.schema, document, operationName: payload.operationName, variables: payload.variables ?? {} }, limits);
      return undefined;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { code, details } = error.extensions;
      return [new GraphQLError(error.message, { extensions: { code, details } })];
    }
  }
}
