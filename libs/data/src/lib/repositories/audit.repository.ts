import { badInput } from '@pmed/core';
import type { PmedPrismaClient } from '../database';
import { clientOf, optionalDate, optionalText, pageLimit, requireText, type DataSource } from './source';

export const AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'execute'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  action: AuditAction;
  /** The kind of record touched: 'Patient', 'Observation', 'ModelVersion', ... */
  entity: string;
  entityId?: string | null;
  /** Set whenever the record belongs to a patient, so a patient's access history can be listed. */
  patientId?: string | null;
  actorId?: string | null;
  actorName?: string | null;
  role?: string | null;
  /** GraphQL operation or CLI command. */
  operation?: string | null;
  requestId?: string | null;
  ip?: string | null;
  at?: Date;
}

export interface AuditEventRecord {
  id: number;
  at: Date;
  action: string;
  entity: string;
  entityId: string | null;
  patientId: string | null;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  operation: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditListFilter {
  patientId?: string;
  actorId?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

export const AUDIT_LIST_MAX = 1000;

function validate(event: AuditEventInput) {
  if (!event || typeof event !== 'object') throw badInput('event', 'an audit event object is required');
  if (!(AUDIT_ACTIONS as readonly string[]).includes(event.action)) {
    throw badInput('action', `must be one of ${AUDIT_ACTIONS.join(', ')}, got '${String(event.action)}'`);
  }
  return {
    action: event.action,
    entity: requireText('entity', event.entity, 100),
    entityId: optionalText('entityId', event.entityId, 200) ?? null,
    patientId: optionalText('patientId', event.patientId, 200) ?? null,
    actorId: optionalText('actorId', event.actorId, 200) ?? null,
    actorName: optionalText('actorName', event.actorName, 200) ?? null,
    role: optionalText('role', event.role, 50) ?? null,
    operation: optionalText('operation', event.operation, 500) ?? null,
    requestId: optionalText('requestId', event.requestId, 200) ?? null,
    ip: optionalText('ip', event.ip, 100) ?? null,
    at: optionalDate('at', event.at) ?? new Date(),
  };
}

/** Who read or changed which record, when. Rows are only ever added. */
export class AuditRepository {
  private readonly client: PmedPrismaClient;

  constructor(source: DataSource) {
    this.client = clientOf(source);
  }

  async record(event: AuditEventInput): Promise<AuditEventRecord> {
    return this.client.auditEvent.create({ data: validate(event) });
  }

  /** Many events in one write, e.g. one per patient returned by a search. */
  async recordMany(events: AuditEventInput[]): Promise<number> {
    if (!Array.isArray(events)) throw badInput('events', 'must be an array');
    if (events.length === 0) return 0;
    const result = await this.client.auditEvent.createMany({ data: events.map(validate) });
    return result.count;
  }

  /** Newest first. */
  async list(filter: AuditListFilter = {}): Promise<AuditEventRecord[]> {
    const since = optionalDate('since', filter.since);
    const until = optionalDate('until', filter.until);
    if (since && until && since > until) throw badInput('since', 'must not be after until');
    return this.client.auditEvent.findMany({
      where: {
        patientId: optionalText('patientId', filter.patientId),
        actorId: optionalText('actorId', filter.actorId),
        at: since || until ? { gte: since, lte: until } : undefined,
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: pageLimit('limit', filter.limit, 100, AUDIT_LIST_MAX),
    });
  }
}
