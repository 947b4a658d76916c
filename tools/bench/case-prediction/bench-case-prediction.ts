// In-hospital mortality on PhysioNet/CinC 2012 data: stratified k-fold cross-validation of the
// case-prediction GRU/LSTM (or train on one folder and test on another). UCR signal sets have their
// own benchmark, bench-sequence.ts (npm run bench:sequence).
// Last line: {"auroc","auprc","brier","ece","train_seconds","backend",...}; with --ensemble-size K > 1
// also "by_ensemble_size": the same metrics for the mean of the first k networks, k = 1..K.
//   npm run bench:case-prediction -- --data ../shared/data/physionet2012 [--folds 5] [--epochs N] [--cell gru|lstm]
//   npm run bench:case-prediction -- --records DIR --outcomes FILE [--test-records DIR --test-outcomes FILE]
//     [--units N] [--hidden N] [--dropout X] [--bin-hours H] [--batch-size N] [--learning-rate X] [--patience N]
//     [--imbalance class-weights|focal|none] [--l2 X (default 0)] [--seed N] [--backend wasm|cpu]
//     [--summary none|first,last,min,max,mean,std,count (default first,last,min,max,mean,count)]
//     [--ensemble-size K (default 5)] [--ensemble-split shared|per-network] [--input-decay on|off (default off)]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkSummaryStats,
  applyCalibration,
  crossValidateCaseModel,
  DEFAULT_SUMMARY_STATS,
  encodeTimelines,
  evaluateRisks,
  fitCalibration,
  memberPrefix,
  packInputs,
  predictPacked,
  physionetTimelines,
  readPhysionet2012,
  scoreTimelines,
  trainCaseModel,
  type CellType,
  type EnsembleSplit,
  type ImbalanceStrategy,
  type PatientTimeline,
  type SummaryStat,
  type TrainedCaseModel,
} from '@pmed/case-prediction';
import { selectBackend, tf } from '@pmed/tensor';

function onOff(name: string, fallback: 'on' | 'off'): boolean {
  const value = argument(name, fallback);
  if (value !== 'on' && value !== 'off') throw new Error(`--${name}: must be on or off, got ${String(value)}`);
  return value === 'on';
}

function argument(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const round = (v: number | null | undefined, digits = 4): number | null => (v === null || v === undefined ? null : Number(v.toFixed(digits)));

/** Published 5-fold AUROC on the 4000 set-A stays (Che et al. 2018, the GRU-D paper). */
const PUBLISHED = { 'GRU-D': 0.8424, 'GRU-mean': 0.8195, 'LSTM-mean': 0.8025, 'SVM-simple': 0.8277, 'RF-forward': 0.8183, 'LR-forward': 0.7423 };

function summaryArgument(value: string): SummaryStat[] {
  return value === 'none' || value === '' ? [] : checkSummaryStats(value.split(',').map((v) => v.trim()));
}

async function loadSet(records: string, outcomes: string) {
  const ds = await readPhysionet2012({ dir: records, outcomesFile: outcomes });
  if (Object.keys(ds.unknownParameters).length) console.error(`unknown parameters skipped: ${JSON.stringify(ds.unknownParameters)}`);
  return physionetTimelines(ds);
}

/**
 * With a seed ensemble of K networks: the out-of-fold risks of the mean of its first k networks,
 * for k = 1..K, each Platt-calibrated on the fold's own validation share like the full ensemble, so
 * one run shows what each ensemble size gives.
 */
class EnsemblePrefixes {
  readonly risks: Float64Array[];
  readonly foldAurocs: number[][];
  seconds = 0;

  constructor(
    private readonly timelines: readonly PatientTimeline[],
    private readonly size: number,
    private readonly seed: number,
  ) {
    this.risks = Array.from({ length: size }, () => new Float64Array(timelines.length).fill(Number.NaN));
    this.foldAurocs = Array.from({ length: size }, () => []);
  }

  add(trained: TrainedCaseModel, test: readonly number[]): void {
    const started = performance.now();
    const byId = new Map(this.timelines.map((t) => [t.id, t]));
    const val = trained.validationIds.map((id) => byId.get(id) as PatientTimeline);
    const testTimelines = test.map((i) => this.timelines[i]);
    const valX = packInputs(encodeTimelines(val, trained.spec));
    const testEncoded = encodeTimelines(testTimelines, trained.spec);
    const testX = packInputs(testEncoded);
    const valSum = new Float64Array(val.length);
    const testSum = new Float64Array(test.length);
    const valLabels = val.map((t) => t.label as number);
    for (let k = 0; k < this.size; k++) {
      // A view on member k's output; it shares the ensemble's layers, so it is not disposed on its own.
      const member = tf.model({ inputs: trained.model.inputs, outputs: trained.model.getLayer(`${memberPrefix(k)}risk`).output as tf.SymbolicTensor });
      predictPacked(member, valX).forEach((p, i) => (valSum[i] += p));
      predictPacked(member, testX).forEach((p, i) => (testSum[i] += p));
      const calibration = fitCalibration({ labels: valLabels, probabilities: Array.from(valSum, (v) => v / (k + 1)), method: trained.calibration.method });
      const ok: number[] = [];
      test.forEach((i, j) => {
        if (testEncoded.observed[j] === 0) return;
        this.risks[k][i] = applyCalibration(calibration, testSum[j] / (k + 1));
        ok.push(i);
      });
      const m = evaluateRisks({ labels: ok.map((i) => this.timelines[i].label as number), risks: ok.map((i) => this.risks[k][i]), seed: this.seed, iterations: 0 });
      if (m.auroc !== null) this.foldAurocs[k].push(m.auroc);
    }
    this.seconds += (performance.now() - started) / 1000;
  }

  summary(): Record<string, unknown>[] {
    return this.risks.map((risks, k) => {
      const ok = [...risks.keys()].filter((i) => Number.isFinite(risks[i]));
      const m = evaluateRisks({ labels: ok.map((i) => this.timelines[i].label as number), risks: ok.map((i) => risks[i]), seed: this.seed });
      const aucs = this.foldAurocs[k];
      const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      const std = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / aucs.length);
      return { networks: k + 1, auroc: round(m.auroc), auroc_ci: [round(m.intervals.auroc?.lower), round(m.intervals.auroc?.upper)], auprc: round(m.auprc), brier: round(m.brier), ece: round(m.ece), fold_auroc_mean: round(mean), fold_auroc_std: round(std) };
    });
  }
}

async function main(): Promise<void> {
  const data = argument('data');
  const records = argument('records', data && (existsSync(join(data, 'set-a')) ? join(data, 'set-a') : data));
  const outcomes = argument('outcomes', data && join(data, 'Outcomes-a.txt'));
  if (!records || !outcomes) {
    console.error('usage: npm run bench:case-prediction -- --data DIR | --records DIR --outcomes FILE [--test-records DIR --test-outcomes FILE] [--folds 5]');
    process.exit(2);
  }
  const backend = await selectBackend({ forced: argument('backend', 'wasm') });
  const seed = Number(argument('seed', '1'));
  const options = {
    outcome: 'inHospitalDeath',
    features: { hours: 48, binHours: Number(argument('bin-hours', '2')), summary: summaryArgument(argument('summary', DEFAULT_SUMMARY_STATS.join(',')) as string) },
    model: {
      cell: argument('cell', 'gru') as CellType,
      units: Number(argument('units', '32')),
      hidden: Number(argument('hidden', '16')),
      dropout: Number(argument('dropout', '0.3')),
      ensembleSize: Number(argument('ensemble-size', '5')),
      inputDecay: onOff('input-decay', 'off'),
    },
    epochs: Number(argument('epochs', '25')),
    batchSize: Number(argument('batch-size', '64')),
    learningRate: Number(argument('learning-rate', '0.003')),
    patience: Number(argument('patience', '6')),
    l2: Number(argument('l2', '0')),
    imbalance: argument('imbalance', 'class-weights') as ImbalanceStrategy,
    ensembleSplit: argument('ensemble-split', 'shared') as EnsembleSplit,
    seed,
  };
  const timelines = await loadSet(records, outcomes);
  console.error(`${timelines.length} stays, ${timelines.filter((t) => t.label === 1).length} deaths; backend ${backend.name}; ${JSON.stringify(options)}`);
  const testRecords = argument('test-records');
  let result: Record<string, unknown>;
  if (testRecords) {
    const test = await loadSet(testRecords, argument('test-outcomes') ?? join(testRecords, '..', 'Outcomes.txt'));
    const started = performance.now();
    const trained = await trainCaseModel({ ...options, timelines });
    const trainSeconds = (performance.now() - started) / 1000;
    const scored = scoreTimelines(trained, test).map((s, i) => ({ s, label: test[i].label as number })).filter((x) => x.s.calibratedRisk !== null);
    const m = evaluateRisks({ labels: scored.map((x) => x.label), risks: scored.map((x) => x.s.calibratedRisk as number), seed });
    trained.model.dispose();
    result = { evaluation: 'test-set', auroc: round(m.auroc), auprc: round(m.auprc), brier: round(m.brier), ece: round(m.ece), auroc_ci: [round(m.intervals.auroc?.lower), round(m.intervals.auroc?.upper)], train_seconds: round(trainSeconds, 1) };
  } else {
    const folds = Number(argument('folds', '5'));
    // Prefix ensembles are calibrated on the shared validation share; per-network shares have none.
    const prefixes = options.model.ensembleSize > 1 && options.ensembleSplit === 'shared' ? new EnsemblePrefixes(timelines, options.model.ensembleSize, seed) : null;
    const cv = await crossValidateCaseModel({
      ...options,
      timelines,
      folds,
      onFoldModel: prefixes ? (_f, trained, test) => prefixes.add(trained, test) : undefined,
      onFold: (f, k) => console.error(`fold ${f + 1}/${k}`),
      onProgress: (f, p) => {
        if (p.phase === 'epoch') console.error(`  fold ${f + 1} epoch ${p.epoch + 1}: ${Object.entries(p.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
      },
    });
    const m = cv.pooled;
    result = {
      evaluation: `${folds}-fold stratified CV`,
      auroc: round(m.auroc),
      auprc: round(m.auprc),
      brier: round(m.brier),
      ece: round(m.ece),
      auroc_ci: [round(m.intervals.auroc?.lower), round(m.intervals.auroc?.upper)],
      fold_auroc_mean: round(cv.foldAuroc?.mean),
      fold_auroc_std: round(cv.foldAuroc?.std),
      train_seconds: round(cv.trainSeconds - (prefixes?.seconds ?? 0), 1),
      epochs_run: options.model.ensembleSize > 1 ? cv.folds.map((f) => f.memberEpochs) : cv.folds.map((f) => f.epochsRun),
    };
    if (prefixes) {
      const rows = prefixes.summary();
      for (const row of rows) console.error(`first ${String(row['networks'])} network(s): ${JSON.stringify(row)}`);
      result['by_ensemble_size'] = rows;
    }
  }
  console.log(JSON.stringify({ ...result, backend: backend.name, stays: timelines.length, cell: options.model.cell, units: options.model.units, bin_hours: options.features.binHours, summary: options.features.summary, ensemble_size: options.model.ensembleSize, ensemble_split: options.ensembleSplit, l2: options.l2, input_decay: options.model.inputDecay, published_auroc_4000_stays: PUBLISHED }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
