import { badInput } from '@pmed/core';
import { buildCaseModelCard, crossValidateCaseModel, serializeCaseModel, trainCaseModel, type CrossValidationResult, type PatientTimeline } from '@pmed/case-prediction';
import { ModelVersionRepository, type Database, type JsonObject } from '@pmed/data';
import type { JobContext } from '@pmed/jobs';
import { currentBackend, selectBackend } from '@pmed/tensor';
import { historyPlot, reliabilityPlot, rocPlot } from '../model-registry/plot-metrics';
import { withTrainingCurve } from '../model-registry/training-curve';
import { findEncounterIds, loadEncounterTimelines } from './case-data';
import type { CaseTrainParams } from './case-params';

export const CASE_TRAIN_KIND = 'case.train';

export interface CaseTrainResult {
  modelVersionId: string;
  name: string;
  version: number;
  outcome: string;
  stays: number;
  positives: number;
  /** Stays left out because their outcome is unknown. */
  unlabelled: number;
  metrics: Record<string, number | null>;
  backend: string;
}

/** Recurrent training on the plain `cpu` backend is several times slower; prefer wasm unless cpu was forced. */
export async function ensureCaseBackend(): Promise<string> {
  const current = currentBackend();
  if (current && (current.name !== 'cpu' || current.forced)) return current.name;
  return (await selectBackend({ forced: 'wasm' })).name;
}

/** Loads labelled timelines for training; stays whose outcome is unknown are counted and left out. */
export async function loadTrainingTimelines(db: Database, params: Pick<CaseTrainParams, 'filter' | 'outcome' | 'hours'>): Promise<{ timelines: PatientTimeline[]; unlabelled: number }> {
  const ids = await findEncounterIds(db, params.filter);
  const all = await loadEncounterTimelines(db, ids, { outcome: params.outcome, hours: params.hours });
  const timelines = all.map((e) => e.timeline).filter((t) => t.label !== undefined);
  if (timelines.length === 0) throw badInput('params.outcome', `no encounter in the selection records the outcome "${params.outcome}" (${ids.length} encounters looked at)`);
  return { timelines, unlabelled: all.length - timelines.length };
}

/** "network k/K, " while a seed ensemble trains (progress fractions span all K networks). */
function network(size: number, fraction: number): string {
  return size > 1 ? `network ${Math.min(size, Math.floor(fraction * size) + 1)}/${size}, ` : '';
}

export async function runCaseTraining(db: Database, ctx: JobContext<CaseTrainParams>): Promise<CaseTrainResult> {
  const p = ctx.params;
  const backend = await ensureCaseBackend();
  const { timelines, unlabelled } = await loadTrainingTimelines(db, p);
  const positives = timelines.filter((t) => t.label === 1).length;
  await ctx.log('info', `case.train: ${timelines.length} stays (${positives} ${p.outcome}), ${unlabelled} without the outcome, backend ${backend}`);
  const repo = new ModelVersionRepository(db.client);
  const trainingData = { filter: p.filter, outcome: p.outcome, stays: timelines.length, positives, unlabelled } as unknown as JsonObject;
  const row = await repo.upsertForJob(ctx.job.id, { module: 'case-prediction', name: p.name, status: 'training', parameters: p as unknown as JsonObject, trainingData });
  const common = {
    timelines,
    outcome: p.outcome,
    features: { hours: p.hours, binHours: p.binHours, variables: p.variables, summary: p.summaryStats },
    model: { cell: p.cell, units: p.units, hidden: p.hidden, dropout: p.dropout, ensembleSize: p.ensembleSize },
    epochs: p.epochs,
    batchSize: p.batchSize,
    learningRate: p.learningRate,
    seed: p.seed,
    patience: p.patience,
    imbalance: p.imbalance,
    calibration: p.calibration,
    signal: ctx.signal,
  };
  try {
    let cv: CrossValidationResult | null = null;
    const cvShare = p.folds >= 2 ? 0.6 : 0;
    if (p.folds >= 2) {
      cv = await crossValidateCaseModel({
        ...common,
        folds: p.folds,
        onProgress: withTrainingCurve(ctx, (fold: number, progress) => void ctx.progress((cvShare * (fold + progress.fraction)) / p.folds, `fold ${fold + 1}/${p.folds}, ${network(p.ensembleSize, progress.fraction)}epoch ${progress.epoch + 1}/${progress.epochs}`)),
      });
      await ctx.log('info', `case.train: ${p.folds}-fold AUROC ${cv.pooled.auroc?.toFixed(4) ?? 'n/a'}, ECE ${cv.pooled.ece.toFixed(4)}`);
    }
    const trained = await trainCaseModel({
      ...common,
      // Counts from epoch 1 again: the final model's curve replaces the cross-validation folds'.
      onProgress: withTrainingCurve(ctx, (progress) => void ctx.progress(cvShare + (0.95 - cvShare) * progress.fraction, `final model, ${network(p.ensembleSize, progress.fraction)}epoch ${progress.epoch + 1}/${progress.epochs}`)),
    });
    try {
      if (trained.warnings.length) await ctx.log('warn', `case.train: ${trained.warnings.join('; ')}`);
      const v = trained.validation;
      const metrics: Record<string, number | null> = {
        auroc: v?.auroc ?? null,
        auprc: v?.auprc ?? null,
        brier: v?.brier ?? null,
        ece: v?.ece ?? null,
        cvAuroc: cv?.pooled.auroc ?? null,
        cvAuprc: cv?.pooled.auprc ?? null,
        cvBrier: cv?.pooled.brier ?? null,
        cvEce: cv?.pooled.ece ?? null,
        epochsRun: trained.training.epochsRun,
        ensembleSize: trained.memberTraining.length,
        droppedImpossibleValues: trained.dropped,
      };
      const card = buildCaseModelCard({ name: p.name, trained, crossValidation: cv, dataDescription: `encounters matching ${JSON.stringify(p.filter)}`, imbalance: p.imbalance });
      const artifact = await serializeCaseModel(trained);
      await ctx.progress(0.98, 'registering the model version');
      const saved = await repo.update(row.id, {
        status: 'ready',
        // What the registry draws: the validation share's ROC curve and reliability bins (calibrated
        // risks), and the final model's per-epoch history.
        metrics: { ...metrics, rocCurve: v?.roc ? rocPlot(v.roc) : null, reliability: v ? reliabilityPlot(v.reliability) : null, history: historyPlot(trained.training.history), aurocInterval: v?.intervals.auroc ?? null, cvAurocInterval: cv?.pooled.intervals.auroc ?? null, folds: cv?.folds ?? null } as unknown as JsonObject,
        parameters: { ...p, variables: trained.spec.variables, normalization: trained.spec, calibration: trained.calibration } as unknown as JsonObject,
        modelCard: card as unknown as JsonObject,
        artifact: artifact.bytes,
        checksum: artifact.sha256,
      });
      return { modelVersionId: saved.id, name: saved.name, version: saved.version, outcome: p.outcome, stays: timelines.length, positives, unlabelled, metrics, backend };
    } finally {
      trained.model.dispose();
    }
  } catch (error) {
    // The row stays, marked failed without an artifact, so a half-trained model is never served.
    await repo.update(row.id, { status: 'failed' }).catch(() => undefined);
    throw error;
  }
}
