import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ErrorCode, PmedError, notFound } from '@pmed/core';
import type { ServerResponse } from 'node:http';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedRequest } from '../auth/roles.guard';
import { Roles } from '../auth/roles.decorator';
import { clientIp, requestIdOf } from '../graphql/gateway-context';
import { FhirService } from './fhir.service';

/** `GET /fhir/Patient/{id}/$everything`: the API key and role are checked by the global guard. */
@Controller('fhir')
export class FhirController {
  constructor(
    private readonly audit: AuditService,
    private readonly fhir: FhirService,
  ) {}

  @Roles('clinician', 'admin')
  @Get('Patient/:id/:operation')
  async everything(@Param('id') id: string, @Param('operation') operation: string, @Req() req: AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    const principal = req.principal;
    if (!principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'no principal on an authenticated route');
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
