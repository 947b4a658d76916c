import { BadRequestException, ForbiddenException, Logger } from '@nestjs/common';
import { badInput, notFound } from '@pmed/core';
import { GraphQLError } from 'graphql';
import { formatGatewayError } from './error-format';

const formatted = { message: 'raw', path: ['patient'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'] } };
const inResolver = (original: Error) => new GraphQLError(original.message, { path: ['patient'], originalError: original });

describe('formatGatewayError', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('keeps the code, message and details of a PmedError', () => {
    expect(formatGatewayError(formatted, inResolver(notFound('Patient', 'p1')))).toEqual({
      message: 'Patient p1 was not found',
      path: ['patient'],
      locations: undefined,
      extensions: { code: 'NOT_FOUND', details: { entity: 'Patient', id: 'p1' } },
    });
    expect(formatGatewayError(formatted, inResolver(badInput('first', 'must be 1..100'))).extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('maps Nest HTTP exceptions and Apollo validation failures to stable codes', () => {
    expect(formatGatewayError(formatted, inResolver(new ForbiddenException('no'))).extensions?.['code']).toBe('FORBIDDEN');
    const validation = formatGatewayError(formatted, inResolver(new BadRequestException(['first must be positive'])));
    expect(validation).toMatchObject({ message: 'first must be positive', extensions: { code: 'BAD_USER_INPUT' } });
    const parseFailure = { message: 'Syntax Error', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(formatGatewayError(parseFailure, new GraphQLError('Syntax Error')).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('hides the text and stack of unexpected errors', () => {
    const result = formatGatewayError(formatted, inResolver(new Error('SQLITE_ERROR: no such table Patient at /srv/db')));
    expect(result).toEqual({ message: 'Internal server error', path: ['patient'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
