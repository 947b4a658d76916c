import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@pmed/data';
import { assignPatientsToDoctors, rateItem, recommendDoctorsForPatient, recommendDrugsForPatient, RECOMMENDER_TRAIN_KIND } from '@pmed/job-handlers';
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
    return { patientId: args.patientId, conditionCode: r.condition.code, conditionDisplay: r.condition.display, items: r.items.map(toModel), filtered: [], modelVersion: r.modelVersion };
  }

  async drugs(args: RecommendDrugsArgs): Promise<RecommendationListModel> {
    const r = await recommendDrugsForPatient(this.db, args);
    return { patientId: args.patientId, conditionCode: r.condition.code, conditionDisplay: r.condition.display, items: r.items.map(toModel), filtered: r.filtered, modelVersion: r.modelVersion };
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
