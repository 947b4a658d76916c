import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Free-form JSON (job parameters and results, model metrics): passed through unchanged. */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
});
