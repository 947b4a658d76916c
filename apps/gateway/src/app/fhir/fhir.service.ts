import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '@pmed/core';
import type { Database } from '@pmed/data';
import { exportPatientEverything, FhirImporter } from '@pmed/fhir';
import type { Bundle } from '@medplum/fhirtypes';
import { DATABASE } from '../runtime/runtime.tokens';
import type { FhirImportResultModel } from './fhir.model';

@Injectable()
export class FhirService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async importBundle(bundle: unknown, synthetic: boolean): Promise<FhirImportResultModel> {
    const report = await new FhirImporter(this.database.client, { synthetic }).importBundle(bundle);
    return {
      ...report,
      counts: Object.entries(report.counts).map(([resourceType, counts]) => ({ resourceType, ...counts })),
    };
  }

  exportPatient(id: string): Promise<Bundle> {
    if (!id.trim()) throw badInput('id', 'a patient id is required');
    return exportPatientEverything(this.database.client, id);
  }
}
