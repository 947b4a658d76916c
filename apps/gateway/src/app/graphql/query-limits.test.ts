import { buildSchema, parse } from 'graphql';
import { assertWithinLimits, queryDepth } from './query-limits';

const schema = buildSchema(`
  type Node { id: ID! child: Node items(first: Int): [Node!]! }
  type Query { node: Node nodes(first: Int): [Node!]! }
`);

describe('queryDepth', () => {
  it('counts nested fields through fragments and ignores introspection', () => {
    expect(queryDepth(parse('{ node { id } }'))).toBe(2);
    expect(queryDepth(parse('{ node { child { child { id } } } }'))).toBe(4);
    expect(queryDepth(parse('query { node { ...F } } fragment F on Node { child { ... on Node { id } } }'))).toBe(3);
    expect(queryDepth(parse('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }'))).toBe(0);
  });

  it('measures the operation that is named', () => {
    const document = parse('query A { node { id } } query B { node { child { child { id } } } }');
    expect(queryDepth(document, 'A')).toBe(2);
    expect(queryDepth(document, 'B')).toBe(4);
  });
});

describe('assertWithinLimits', () => {
  const limits = { maxDepth: 3, maxComplexity: 10 };

  it('passes a small query', () => {
    expect(() => assertWithinLimits({ schema, document: parse('{ node { child { id } } }') }, limits)).not.toThrow();
  });

  it('refuses a deep query with QUERY_TOO_DEEP', () => {
    expect.assertions(2);
    try {
      assertWithinLimits({ schema, document: parse('{ node { child { child { id } } } }') }, limits);
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe('QUERY_TOO_DEEP');
      expect((error as Error).message).toMatch(/depth 4 exceeds the limit of 3/);
    }
  });

  it('refuses a wide query with QUERY_TOO_COMPLEX', () => {
    const wide = `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: node { id }`).join(' ')} }`;
    expect.assertions(1);
    try {
      assertWithinLimits({ schema, document: parse(wide) }, limits);
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe('QUERY_TOO_COMPLEX');
    }
  });
});
