import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor';

export type AuditAction = 'read' | 'create' | 'update' | 'delete';

/** One patient record touched by an operation. */
export interface AuditSubject {
  entityId: string | null;
  patientId: string | null;
}

export interface AuditSpec {
  action: AuditAction;
  /** 'Patient', 'Observation', ... */
  entity: string;
  /** The records the resolver's result (and arguments) show were read or changed. */
  subjects: (result: unknown, args: Record<string, unknown>) => AuditSubject[];
}

export const AUDIT_KEY = 'pmed:audit';

/**
 * Marks a resolver that reads or changes patient data: after it succeeds, one AuditEvent per
 * subject is written before the data leaves the gateway. If the audit write fails the caller gets
 * an error instead of unaudited data.
 */
export const Audited = (spec: AuditSpec) => applyDecorators(SetMetadata(AUDIT_KEY, spec), UseInterceptors(AuditInterceptor));
