import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import { ErrorCode, PmedError, type PmedConfig } from '@pmed/core';
import { GraphQLError, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { ApiKeyAuthService, type AuthOutcome } from '../auth/api-key-auth.service';
import { ApiKeySocketsService, KEY_REVOKED_REASON, type KeySocket } from '../auth/api-key-sockets.service';
import { presentedApiKey } from '../auth/principal';
import { PMED_CONFIG } from '../runtime/runtime.tokens';
import type { PmedApolloDriverConfig } from './apollo-express.driver';
import { formatGatewayError } from './error-format';
import { clientIp, requestIdOf, type GatewayContext } from './gateway-context';
import { assertWithinLimits, queryLimitsPlugin, type QueryLimits } from './query-limits';
import { SubscriptionLimiter } from './subscription-limits';

type HttpArgs = { req: IncomingMessage; res: ServerResponse };
type SocketExtra = {
  request: IncomingMessage;
  socket: WebSocket;
  pmedAuth?: AuthOutcome;
  /** Set while the socket is open with a valid key: what revocation closes. */
  pmedKeySocket?: KeySocket;
};
type SocketArgs = WsContext<Record<string, unknown> | undefined, SocketExtra>;
type SubscribePayload = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };

const OPEN = 1; // WebSocket.OPEN

function socketError(error: PmedError): GraphQLError {
  const details = Object.keys(error.details).length > 0 ? { details: error.details } : {};
  return new GraphQLError(error.message, { extensions: { code: error.code, ...details } });
}

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
  private readonly subscriptionLimits: SubscriptionLimiter;

  constructor(
    @Inject(PMED_CONFIG) private readonly config: PmedConfig,
    private readonly auth: ApiKeyAuthService,
    private readonly sockets: ApiKeySocketsService,
  ) {
    this.subscriptionLimits = new SubscriptionLimiter({
      perKey: config.subscriptionsPerKey,
      perSocket: config.subscriptionsPerSocket,
      perMinute: config.subscribeRateLimitPerMinute,
    });
  }

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
          onConnect: (ctx: SocketArgs) => this.connect(ctx),
          onSubscribe: (ctx: SocketArgs, id: string, payload: SubscribePayload) => this.admitSubscribe(ctx, id, payload, limits),
          onClose: (ctx: SocketArgs) => {
            if (ctx.extra.pmedKeySocket) this.sockets.remove(ctx.extra.pmedKeySocket);
          },
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

  /** Authenticates the socket once; a socket with a valid key is registered so that revoking the key closes it. */
  private async connect(ctx: SocketArgs): Promise<true> {
    const presented = presentedApiKey(connectionHeaders(ctx.connectionParams));
    const outcome = await this.auth.authenticate(presented);
    ctx.extra.pmedAuth = outcome;
    const { socket } = ctx.extra;
    // A socket that closed while the key was checked has had its onClose already.
    if (outcome.principal && presented.key && socket.readyState === OPEN) {
      const keySocket: KeySocket = {
        keyId: outcome.principal.id,
        key: presented.key,
        openOperations: () => Object.keys(ctx.subscriptions).length,
        close: (code, reason) => socket.close(code, reason),
      };
      ctx.extra.pmedKeySocket = keySocket;
      this.sockets.add(keySocket);
    }
    return true;
  }

  /**
   * Before an operation starts on a socket: the per-minute and open-subscription limits (counted
   * before anything is awaited, so operations sent together are counted one after the other), then
   * the key again (a revoked key closes the socket), then the query's depth and cost.
   */
  private async admitSubscribe(ctx: SocketArgs, id: string, payload: SubscribePayload, limits: QueryLimits): Promise<GraphQLError[] | undefined> {
    const keySocket = ctx.extra.pmedKeySocket;
    // graphql-ws enters the new id in ctx.subscriptions before this hook runs.
    const socketOpen = Object.keys(ctx.subscriptions).filter((open) => open !== id).length;
    const refused = this.subscriptionLimits.admit({
      caller: keySocket ? `key:${keySocket.keyId}` : `ip:${clientIp(ctx.extra.request) ?? 'unknown'}`,
      socketOpen,
      keyOpen: keySocket ? socketOpen + this.sockets.openOperations(keySocket.keyId, keySocket) : null,
    });
    if (refused) return [socketError(refused)];
    if (keySocket) {
      const outcome = await this.auth.authenticate({ key: keySocket.key });
      if (!outcome.principal) {
        this.sockets.closeKey(keySocket.keyId);
        return [socketError(outcome.error ?? new PmedError(ErrorCode.UNAUTHENTICATED, KEY_REVOKED_REASON))];
      }
    }
    return this.subscriptionLimitErrors(payload, limits);
  }

  private socketContext(ctx: SocketArgs): GatewayContext {
    const req = ctx.extra.request;
    const outcome = ctx.extra.pmedAuth ?? { principal: null, error: null };
    return { req, principal: outcome.principal, authError: outcome.error, requestId: requestIdOf(req), ip: clientIp(req), scoped: new Map() };
  }

  /** HTTP operations are checked by the Apollo plugin; subscriptions arrive over the socket instead. */
  private subscriptionLimitErrors(
    payload: SubscribePayload,
    limits: QueryLimits,
  ): GraphQLError[] | undefined {
    if (!this.schema) return undefined;
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      // Answered as an error of this operation; thrown on, it would close the whole socket.
      if (!(error instanceof GraphQLError)) throw error;
      return [new GraphQLError(error.message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'GRAPHQL_PARSE_FAILED' } })];
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
