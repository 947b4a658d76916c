import { Inject, Injectable } from '@nestjs/common';
import { badInput, notFound } from '@pmed/core';
import { BatchLoader } from '../common/batch-loader';
import { requestScoped, type GatewayContext } from '../graphql/gateway-context';
import { PATIENT_READER } from '../runtime/runtime.tokens';
import type { PatientReader } from './patient-reader';
import type { ObservationsArgs, PatientsArgs } from './patients.input';
import type { AllergyModel, ConditionModel, MedicationModel, ObservationModel, PatientModel, PatientPageModel } from './patients.model';

const LOADERS = Symbol('patient-loaders');
const MAX_SEARCH_LENGTH = 200;

interface PatientLoaders {
  conditions: BatchLoader<string, ConditionModel[]>;
  allergies: BatchLoader<string, AllergyModel[]>;
  medications: BatchLoader<string, MedicationModel[]>;
  observations: Map<string, BatchLoader<string, ObservationModel[]>>;
}

function checkCount(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) throw badInput(field, `must be an integer from 1 to ${max}, got ${value}`);
}

@Injectable()
export class PatientsService {
  constructor(@Inject(PATIENT_READER) private readonly reader: PatientReader) {}

  async get(id: string): Promise<PatientModel> {
    if (!id.trim()) throw badInput('id', 'a patient id is required');
    const patient = await this.reader.get(id);
    if (!patient) throw notFound('Patient', id);
    return patient;
  }

  search(args: PatientsArgs): Promise<PatientPageModel> {
    checkCount('first', args.first, 100);
    const text = args.search?.trim() || undefined;
    if (text && text.length > MAX_SEARCH_LENGTH) throw badInput('search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
    return this.reader.search({ text, first: args.first, after: args.after ?? null });
  }

  conditions(ctx: GatewayContext, patientId: string): Promise<ConditionModel[]> {
    return this.loaders(ctx).conditions.load(patientId);
  }

  allergies(ctx: GatewayContext, patientId: string): Promise<AllergyModel[]> {
    return this.loaders(ctx).allergies.load(patientId);
  }

  medications(ctx: GatewayContext, patientId: string): Promise<MedicationModel[]> {
    return this.loaders(ctx).medications.load(patientId);
  }

  observations(ctx: GatewayContext, patientId: string, args: ObservationsArgs): Promise<ObservationModel[]> {
    checkCount('last', args.last, 1000);
    const code = args.code?.trim() || undefined;
    // Patients asked for with the same arguments share one batch.
    const key = JSON.stringify([code ?? null, args.last]);
    const loaders = this.loaders(ctx).observations;
    let loader = loaders.get(key);
    if (!loader) {
      loader = new BatchLoader((ids) => this.reader.observations(ids, { code, last: args.last }), () => []);
      loaders.set(key, loader);
    }
    return loader.load(patientId);
  }

  private loaders(ctx: GatewayContext): PatientLoaders {
    return requestScoped(ctx, LOADERS, () => ({
      conditions: new BatchLoader((ids) => this.reader.conditions(ids), () => []),
      allergies: new BatchLoader((ids) => this.reader.allergies(ids), () => []),
      medications: new BatchLoader((ids) => this.reader.medications(ids), () => []),
      observations: new Map(),
    }));
  }
}
