import { Inject, Injectable } from '@nestjs/common';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { Database } from '@pmed/data';
import { medicationProposalsForRecommendations } from '@pmed/fhir';
import { assignPatientsToDoctors, rateItem, recommendDoctorsForPatient, recommendDrugsForPatient, RECOMMENDER_MODEL_NAME, RECOMMENDER_TRAIN_KIND } from '@pmed/job-handlers';
import type { JobQueue, JobRecord } from '@pmed/jobs';
import type { Recommendation } from '@pmed/recommender';
import type { Principal } from '../auth/principal';
import { DATABASE, JOB_QUEUE } from '../runtime/runtime.tokens';
import type { AssignPatientsInput, RateDoctorInput, RateDrugInput, RecommendArgs, RecommendDrugsArgs, TrainRecommenderInput } from './recommender.input';
import type { AssignmentResultModel, RatingModel, RecommendationListModel, RecommendationModel } from './recommender.model';

const toModel = (r: Recommendation): RecommendationModel => ({ ...r, safetyFlags: [] });

@Injectable()
export class RecommenderService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async doctors(args: RecommendArgs): Promise<RecommendationListModel> {
    const r = await recommendDoctorsForPatient(this.db, args);
    return { patientId: args.patientId, conditionCode: r.condition.code, conditionDisplay: r.condition.display, items: r.items.map(toModel), filtered: [], modelVersion: r.modelVersion, domain: 'doctor' };
  }

  async drugs(args: RecommendDrugsArgs): Promise<RecommendationListModel> {
    const r = await recommendDrugsForPatient(this.db, args);
    return { patientId: args.patientId, conditionCode: r.condition.code, conditionDisplay: r.condition.display, items: r.items.map(toModel), filtered: r.filtered, modelVersion: r.modelVersion, domain: 'drug' };
  }

  /**
   * Drug recommendations as FHIR MedicationRequest proposals (libs/fhir); null for doctor lists. A
   * list ranked by models fitted on request (no stored version yet) names version 0 of the model.
   */
  async medicationProposals(list: RecommendationListModel): Promise<MedicationRequest[] | null> {
    if (list.domain !== 'drug') return null;
    const stored = list.modelVersion === null ? null : await this.db.client.modelVersion.findFirst({ where: { module: 'recommender', name: RECOMMENDER_MODEL_NAME, version: list.modelVersion }, select: { id: true } });
    return medicationProposalsForRecommendations(this.db.client, {
      patientId: list.patientId,
      condition: { code: list.conditionCode, display: list.conditionDisplay },
      model: { id: stored?.id ?? 'fitted-on-request', module: 'recommender', name: RECOMMENDER_MODEL_NAME, version: list.modelVersion ?? 0 },
      items: list.items,
      authoredOn: new Date(),
    });
  }

  assign(input: AssignPatientsInput, book = false): Promise<AssignmentResultModel> {
    return assignPatientsToDoctors(this.db, { patientIds: input.patientIds, conditionCode: input.conditionCode, book });
  }

  rateDoctor(input: RateDoctorInput): Promise<RatingModel> {
    return rateItem(this.db, 'doctor', { patientId: input.patientId, itemId: input.doctorId, value: input.value, feedback: input.feedback });
  }

  rateDrug(input: RateDrugInput): Promise<RatingModel> {
    return rateItem(this.db, 'drug', { patientId: input.patientId, itemId: input.drugId, value: input.value, feedback: input.feedback });
  }

  train(input: TrainRecommenderInput, principal: Principal): Promise<JobRecord> {
    const params = Object.fromEntries(Object.entries({ algorithm: input.algorithm, folds: input.folds, seed: input.seed }).filter(([, v]) => v !== undefined && v !== null));
    return this.queue.enqueue({ kind: RECOMMENDER_TRAIN_KIND, params, createdBy: principal.id });
  }
}
