import { TypeMetadataStorage } from '@nestjs/graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { ROLES_KEY } from './roles.decorator';

/** Fails when any Query, Mutation or Subscription field lacks a @Roles declaration. */
describe('every GraphQL operation declares its roles', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('finds a role list on the handler or class of every root field', () => {
    const schema = t.gateway.app.get(GraphQLSchemaHost).schema;
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const handlers = [...TypeMetadataStorage.getQueriesMetadata(), ...TypeMetadataStorage.getMutationsMetadata(), ...TypeMetadataStorage.getSubscriptionsMetadata()];
    const missing: string[] = [];
    let checked = 0;
    for (const root of roots) {
      for (const field of Object.keys(root?.getFields() ?? {})) {
        const matches = handlers.filter((h) => h.schemaName === field);
        expect(matches.length).toBeGreaterThan(0);
        for (const handler of matches) {
          const method = (handler.target.prototype as Record<string, unknown>)[handler.methodName] as object;
          const roles = (Reflect.getMetadata(ROLES_KEY, method) ?? Reflect.getMetadata(ROLES_KEY, handler.target)) as unknown[] | undefined;
          if (!roles || roles.length === 0) missing.push(`${root?.name}.${field}`);
          checked += 1;
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(7);
  });
});
