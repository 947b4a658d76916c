import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_SINK, type AuditSink, type AuditRecordInput } from '../runtime/runtime.tokens';

@Injectable()
export class AuditService {
  constructor(@Inject(AUDIT_SINK) private readonly sink: AuditSink) {}

  async recordAll(events: AuditRecordInput[]): Promise<void> {
    // Sequential on purpose: SQLite serialises writes anyway and this keeps event order.
    for (const event of events) await this.sink.record(event);
  }
}
