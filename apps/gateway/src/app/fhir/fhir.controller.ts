import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ErrorCode, PmedError, notFound } from '@pmed/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditService } from '../audit/audit.service';
import { ApiKeyAuthService } from '../auth/api-key-auth.service';
import { MISSING_KEY_MESSAGE } from '../auth/roles.guard';
import { presentedApiKey } from '../auth/principal';
import { Public } from '../auth/roles.decorator';
import { clientIp, requestIdOf } from '../graphql/gateway-context';
import { FhirService } from './fhir.service';

const ALLOWED_ROLES = new Set(['clinician', 'admin']);

/**
 * `GET /fhir/Patient/{id}/$everything`. The global guard opens only GraphQL and @Public routes, so
 * this route is @Public to the guard and checks the API key and role itself, as GraphQL does.
 */
@Controller('fhir')
export class FhirController {
  constructor(
    private readonly auth: ApiKeyAuthService,
    private readonly audit: AuditService,
    private readonly fhir: FhirService,
  ) {}

  @Public()
  @Get('Patient/:id/:operation')
  async everything(@Param('id') id: string, @Param('operation') operation: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const outcome = await this.auth.authenticate(presentedApiKey(req.headers));
    if (!outcome.principal) throw outcome.error ?? new PmedError(ErrorCode.UNAUTHENTICATED, MISSING_KEY_MESSAGE);
    const { principal } = outcome;
    if (!ALLOWED_ROLES.has(principal.role)) throw new PmedError(ErrorCode.FORBIDDEN, `The ${principal.role} role may not read patient records`);
    if (operation !== '$everything') throw notFound('FHIR operation', operation);
    const bundle = await this.fhir.exportPatient(id);
    await this.audit.recordAll([
      { actorId: principal.id, actorName: principal.name, role: principal.role, action: 'read', entity: 'Patient', entityId: id, patientId: id, operation: 'GET /fhir/Patient/$everything', requestId: requestIdOf(req), ip: clientIp(req) },
    ]);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(bundle));
  }
}
