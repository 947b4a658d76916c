import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode } from '@pmed/core';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
}

export interface QueryToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}

function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Depth of the deepest field path; introspection fields (`__schema`, `__type`) are not counted. */
export function queryDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const measure = (set: SelectionSetNode, depth: number, seen: ReadonlySet<string>): number => {
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const below = selection.selectionSet ? measure(selection.selectionSet, depth + 1, seen) : depth + 1;
        deepest = Math.max(deepest, below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, measure(selection.selectionSet, depth, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is a validation error already; stop here rather than recurse forever.
        if (fragment && !seen.has(name)) deepest = Math.max(deepest, measure(fragment.selectionSet, depth, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  const operation = selectedOperation(document, operationName);
  return operation ? measure(operation.selectionSet, 0, new Set()) : 0;
}

function limitError(code: ErrorCode, message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, details, http: { status: 400 } } });
}

/** Throws QUERY_TOO_DEEP or QUERY_TOO_COMPLEX; called after validation and before execution. */
export function assertWithinLimits(query: QueryToCheck, limits: QueryLimits): void {
  const depth = queryDepth(query.document, query.operationName);
  if (depth > limits.maxDepth) {
    throw limitError(ErrorCode.QUERY_TOO_DEEP, `Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, { depth, maxDepth: limits.maxDepth });
  }
  const complexity = getComplexity({
    schema: query.schema,
    query: query.document,
    operationName: query.operationName ?? undefined,
    variables: query.variables ?? {},
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > limits.maxComplexity) {
    throw limitError(ErrorCode.QUERY_TOO_COMPLEX, `Query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}`, {
      complexity,
      maxComplexity: limits.maxComplexity,
    });
  }
}

/** Rejects over-limit operations once they are parsed and validated, before any resolver runs. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          assertWithinLimits({ schema, document, operationName, variables: request.variables }, limits);
        },
      };
    },
  };
}
