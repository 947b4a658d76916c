// In-hospital mortality on PhysioNet/CinC 2012 data: stratified k-fold cross-validation of the
// case-prediction GRU/LSTM (or train on one folder and test on another). UCR signal sets have their
// own benchmark, bench-sequence.ts (npm run bench:sequence).
// Last line: {"auroc","auprc","brier","ece","train_seconds","backend",...}.
//   npm run bench:case-prediction -- --data ../shared/data/physionet2012 [--folds 5] [--epochs N] [--cell gru|lstm]
//   npm run bench:case-prediction -- --records DIR --outcomes FILE [--test-records DIR --test-outcomes FILE]
//     [--units N] [--hidden N] [--dropout X] [--bin-hours H] [--batch-size N] [--learning-rate X] [--patience N]
//     [--imbalance class-weights|focal|none] [--seed N] [--backend wasm|cpu]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  crossValidateCaseModel,
  evaluateRisks,
  physionetTimelines,
  readPhysionet2012,
  scoreTimelines,
  trainCaseModel,
  type CellType,
  type ImbalanceStrategy,
} from '@pmed/case-prediction';
import { selectBackend } from '@pmed/tensor';

function argument(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const round = (v: number | null | undefined, digits = 4): number | null => (v === null || v === undefined ? null : Number(v.toFixed(digits)));

/** Published 5-fold AUROC on the 4000 set-A stays (Che et al. 2018, the GRU-D paper). */
const PUBLISHED = { 'GRU-D': 0.8424, 'GRU-mean': 0.8195, 'LSTM-mean': 0.8025, 'SVM-simple': 0.8277, 'RF-forward': 0.8183, 'LR-forward': 0.7423 };

async function loadSet(records: string, outcomes: string) {
  const ds = await readPhysionet2012({ dir: records, outcomesFile: outcomes });
  if (Object.keys(ds.unknownParameters).length) console.error(`unknown parameters skipped: ${JSON.stringify(ds.unknownParameters)}`);
  return physionetTimelines(ds);
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
    features: { hours: 48, binHours: Number(argument('bin-hours', '2')) },
    model: { cell: argument('cell', 'gru') as CellType, units: Number(argument('units', '32')), hidden: Number(argument('hidden', '16')), dropout: Number(argument('dropout', '0.3')) },
    epochs: Number(argument('epochs', '25')),
    batchSize: Number(argument('batch-size', '64')),
    learningRate: Number(argument('learning-rate', '0.003')),
    patience: Number(argument('patience', '6')),
    imbalance: argument('imbalance', 'class-weights') as ImbalanceStrategy,
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
    const cv = await crossValidateCaseModel({
      ...options,
      timelines,
      folds,
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
      train_seconds: round(cv.trainSeconds, 1),
      epochs_run: cv.folds.map((f) => f.epochsRun),
    };
  }
  console.log(JSON.stringify({ ...result, backend: backend.name, stays: timelines.length, cell: options.model.cell, units: options.model.units, bin_hours: options.features.binHours, published_auroc_4000_stays: PUBLISHED }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
