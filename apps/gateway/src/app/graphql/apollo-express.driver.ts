import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type BaseContext, type ContextFunction } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

/** The extra driver option: how long Apollo waits for running requests when the gateway stops. */
export interface PmedApolloDriverConfig extends ApolloDriverConfig {
  stopGracePeriodMillis?: number;
}

type HttpContextArgs = { req: IncomingMessage & { body?: unknown }; res: ServerResponse };
type Next = (error?: unknown) => void;

/**
 * The Apollo driver with its own small Express handler. The stock driver loads
 * `@as-integrations/express5`, which is not a dependency of this workspace; the handler below does
 * the same translation (Express request -> Apollo HTTP request -> response) with the public
 * `executeHTTPGraphQLRequest` API, and lets the drain grace period follow PMED_SHUTDOWN_GRACE_MS.
 */
@Injectable()
export class PmedApolloDriver extends ApolloDriver {
  constructor(modulesContainer: ModulesContainer) {
    super(modulesContainer);
  }

  protected override async registerExpress(options: PmedApolloDriverConfig, hooks: { preStartHook?: () => void } = {}): Promise<void> {
    const httpAdapter = this.httpAdapterHost.httpAdapter;
    const drain = ApolloServerPluginDrainHttpServer({
      httpServer: httpAdapter.getHttpServer(),
      stopGracePeriodMillis: options.stopGracePeriodMillis,
    });
    hooks.preStartHook?.();
    const { stopGracePeriodMillis: _grace, ...apolloOptions } = options;
    const server = new ApolloServer<BaseContext>({
      ...(apolloOptions as ConstructorParameters<typeof ApolloServer<BaseContext>>[0]),
      plugins: [...(options.plugins ?? []), drain],
    });
    await server.start();
    const context = options.context as ContextFunction<[HttpContextArgs], BaseContext> | undefined;
    httpAdapter.use(options.path ?? '/graphql', expressHandler(server, context));
    this.apolloServer = server;
  }
}

function expressHandler(server: ApolloServer<BaseContext>, context: ContextFunction<[HttpContextArgs], BaseContext> | undefined) {
  return (req: HttpContextArgs['req'], res: ServerResponse, next: Next): void => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const search = new URL(req.url ?? '/', 'http://localhost').search;
    server
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body: req.body ?? {} },
        context: async () => (context ? context({ req, res }) : {}),
      })
      .then(async (response) => {
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') {
          res.end(response.body.string);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
