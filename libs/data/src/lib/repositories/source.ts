import { badInput } from '@pmed/core';
import { databaseKindOfClient, type Database, type DatabaseKind, type PmedPrismaClient } from '../database';

/** What a repository is built on: an open {@link Database}, or a bare client from one. */
export type DataSource = Database | PmedPrismaClient;

function isDatabase(source: DataSource): source is Database {
  return typeof (source as Partial<Database>).close === 'function' && 'client' in source && 'kind' in source;
}

export function clientOf(source: DataSource): PmedPrismaClient {
  return isDatabase(source) ? source.client : source;
}

export function kindOf(source: DataSource): DatabaseKind {
  return isDatabase(source) ? source.kind : databaseKindOfClient(source);
}

/** A unique constraint refused the write (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export function requireText(field: string, value: unknown, maxLength = 200): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(field, 'must be a non-empty string');
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters, got ${trimmed.length}`);
  return trimmed;
}

export function optionalText(field: string, value: unknown, maxLength = 200): string | undefined {
  return value === undefined || value === null ? undefined : requireText(field, value, maxLength);
}

export function optionalDate(field: string, value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(field, 'must be a valid date');
  return value;
}

/** A page size: an integer in 1..max, `fallback` when not given. */
export function pageLimit(field: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw badInput(field, `must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badInput(field, `must be one of ${allowed.join(', ')}, got '${String(value)}'`, { allowed: [...allowed] });
  }
  return value as T;
}
