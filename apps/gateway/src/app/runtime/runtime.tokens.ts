import type { PmedConfig } from '@pmed/core';
import type { ApiKeyRecord, Database, Role } from '@pmed/data';
import type { JobQueue } from '@pmed/jobs';
import type { BackendInfo } from '@pmed/tensor';

/** What start-up prepared before Nest starts: the gateway's modules receive these through DI. */
export interface GatewayRuntime {
  config: PmedConfig;
  backend: BackendInfo;
  database: Database;
  queue: JobQueue;
}

export const GATEWAY_RUNTIME = Symbol('GATEWAY_RUNTIME');
export const PMED_CONFIG = Symbol('PMED_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const TENSOR_BACKEND = Symbol('TENSOR_BACKEND');
export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');
export const AUDIT_SINK = Symbol('AUDIT_SINK');
export const PATIENT_READER = Symbol('PATIENT_READER');

/** The part of the API-key repository the gateway needs: authentication, and revocation by admins. */
export interface ApiKeyVerifier {
  verify(key: string): Promise<{ id: string; name: string; role: Role } | null>;
  /** By id or prefix; NOT_FOUND when there is no such key. */
  revoke(idOrPrefix: string): Promise<ApiKeyRecord>;
}

export const DATABASE_PROBE = Symbol('DATABASE_PROBE');

/** A cheap round trip to the database for /health. */
export interface DatabaseProbe {
  ping(): Promise<void>;
}

/** One AuditEvent row as the gateway writes it. */
export interface AuditRecordInput {
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  action: 'read' | 'create' | 'update' | 'delete';
  entity: string;
  entityId: string | null;
  patientId: string | null;
  operation: string | null;
  requestId: string | null;
  ip: string | null;
}

/** The part of the audit repository the gateway needs. */
export interface AuditSink {
  record(event: AuditRecordInput): Promise<unknown>;
}
