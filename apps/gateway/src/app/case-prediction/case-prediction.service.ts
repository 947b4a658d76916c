import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { CaseModel } from '@pmed/case-prediction';
import type { RiskAssessment } from '@medplum/fhirtypes';
import type { Database } from '@pmed/data';
import { riskAssessmentForPrediction } from '@pmed/fhir';
import { CASE_SCORE_KIND, CASE_TRAIN_KIND, ensureCaseBackend, loadCaseModel, predictEncounterOutcome, resolveCaseModelVersion } from '@pmed/job-handlers';
import type { JobQueue, JobRecord } from '@pmed/jobs';
import type { Principal } from '../auth/principal';
import { DATABASE, JOB_QUEUE } from '../runtime/runtime.tokens';
import type { EncounterFilterInput, ScoreCohortInput, TrainCaseModelInput } from './case-prediction.input';
import type { OutcomePredictionModel } from './case-prediction.model';

/** Loaded models kept in memory; the least recently used one is disposed beyond this. */
const MODEL_CACHE_SIZE = 4;

/** GraphQL inputs carry nulls for absent fields; job parameters leave them out. */
function compact<T extends object>(input: T | null | undefined): Record<string, unknown> | undefined {
  if (!input) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}

function filterParams(filter: EncounterFilterInput | null | undefined): Record<string, unknown> | undefined {
  return compact(filter);
}

@Injectable()
export class CasePredictionService implements OnModuleDestroy {
  private readonly cache = new Map<string, Promise<CaseModel>>();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  startTraining(input: TrainCaseModelInput | null | undefined, principal: Principal): Promise<JobRecord> {
    const params = { ...compact(input), filter: filterParams(input?.filter) };
    if (!params.filter) delete params.filter;
    return this.queue.enqueue({ kind: CASE_TRAIN_KIND, params, createdBy: principal.id });
  }

  startScoring(input: ScoreCohortInput | null | undefined, principal: Principal): Promise<JobRecord> {
    const params: Record<string, unknown> = { modelVersionId: input?.modelVersionId ?? undefined, name: input?.modelName ?? undefined, explain: input?.explain ?? undefined, filter: filterParams(input?.filter) };
    return this.queue.enqueue({ kind: CASE_SCORE_KIND, params: compact(params) ?? {}, createdBy: principal.id });
  }

  /** The prediction as a FHIR RiskAssessment (see libs/fhir riskAssessmentForPrediction). */
  riskAssessment(p: OutcomePredictionModel): Promise<RiskAssessment> {
    return riskAssessmentForPrediction(this.database.client, {
      patientId: p.patientId,
      encounterId: p.encounterId,
      model: { id: p.modelVersion.id, module: 'case-prediction', name: p.modelVersion.name, version: p.modelVersion.version },
      outcome: p.outcome,
      probability: p.calibratedRisk,
      drivers: p.drivers,
      occurrence: new Date(),
    });
  }

  async predict(args: { patientId: string; encounterId?: string | null; model?: string | null }): Promise<OutcomePredictionModel> {
    // `model` is a ModelVersion id or a model name.
    const ref = args.model ?? undefined;
    const version = await resolveCaseModelVersion(this.database, ref && /^c[a-z0-9]{20,}$/.test(ref) ? { modelVersionId: ref } : { name: ref });
    const model = await this.load(version.id);
    const p = await predictEncounterOutcome(this.database, { patientId: args.patientId, encounterId: args.encounterId, modelVersion: version, model });
    return {
      patientId: p.patientId,
      encounterId: p.encounterId,
      outcome: p.outcome,
      risk: p.result.risk,
      calibratedRisk: p.result.calibratedRisk,
      interval: p.result.interval ? { lower: p.result.interval.lower, upper: p.result.interval.upper, level: p.result.interval.level } : null,
      drivers: p.result.explanation?.drivers ?? [],
      heatmap: p.result.explanation?.heatmap ?? null,
      heatmapSvg: p.heatmapSvg,
      observations: p.result.observations,
      droppedValues: p.result.dropped,
      modelVersion: version,
    };
  }

  private load(id: string): Promise<CaseModel> {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const pending = ensureCaseBackend().then(() => loadCaseModel(this.database, id));
    pending.catch(() => this.cache.delete(id));
    this.cache.set(id, pending);
    while (this.cache.size > MODEL_CACHE_SIZE) {
      const [oldest, evicted] = this.cache.entries().next().value as [string, Promise<CaseModel>];
      this.cache.delete(oldest);
      void evicted.then((m) => m.model.dispose()).catch(() => undefined);
    }
    return pending;
  }

  onModuleDestroy(): void {
    for (const pending of this.cache.values()) void pending.then((m) => m.model.dispose()).catch(() => undefined);
    this.cache.clear();
  }
}
