// A UCR-format set (label, then the values; tab- or comma-separated): train on FILE_TRAIN, report
// accuracy on FILE_TEST. The epoch is chosen on a stratified validation share of TRAIN only (its
// weights are kept; --refit trains again on all of TRAIN for that many epochs); TEST is used once, at the end.
// Last line: {"accuracy","train_seconds",...}.
//   npm run bench:sequence -- --train ECG200_TRAIN.tsv --test ECG200_TEST.tsv
//     [--architecture lstm-fcn|recurrent] [--epochs 300] [--patience 60] [--validation-share 0.2]
//     [--batch-size 16] [--learning-rate 0.001] [--seeds 1,2,3] [--ensemble-size K] [--monitor val_loss|val_acc] [--refit] [--backend wasm|cpu]
// With --ensemble-size K each seed s trains K networks (seeds s, s+1000, ...) joined into one model
// that averages their probabilities; each network's own test accuracy is reported beside.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { memberProbabilities, parseUcr, SEQUENCE_ARCHITECTURES, sequenceProbabilities, trainSequenceClassifier, ucrClassMap, type SequenceArchitecture } from '@pmed/case-prediction';
import { selectBackend } from '@pmed/tensor';

function argument(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

function numberArgument(name: string, fallback: string): number {
  const value = Number(argument(name, fallback));
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

async function main(): Promise<void> {
  const trainFile = argument('train');
  const testFile = argument('test');
  if (!trainFile || !testFile) {
    console.error('usage: npm run bench:sequence -- --train FILE_TRAIN.tsv --test FILE_TEST.tsv [--architecture lstm-fcn|recurrent] [--epochs N] [--seeds 1,2,3]');
    process.exit(2);
  }
  const architecture = argument('architecture', 'lstm-fcn') as SequenceArchitecture;
  if (!SEQUENCE_ARCHITECTURES.includes(architecture)) throw new Error(`--architecture must be one of ${SEQUENCE_ARCHITECTURES.join(', ')}`);
  const backend = await selectBackend({ forced: argument('backend', 'wasm') });
  const train = parseUcr(readFileSync(trainFile, 'utf8'), { file: basename(trainFile) });
  const test = parseUcr(readFileSync(testFile, 'utf8'), { file: basename(testFile) });
  const classes = ucrClassMap(train.rawLabels);
  const unknown = [...new Set(test.rawLabels.filter((l) => !classes.includes(l)))];
  if (unknown.length) throw new Error(`${basename(testFile)} has labels the training set lacks: ${unknown.join(', ')}`);
  if (!['val_loss', 'val_acc'].includes(argument('monitor', 'val_loss') as string)) throw new Error('--monitor must be val_loss or val_acc');
  const seeds = (argument('seeds', '1') as string).split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error('--seeds must be integers separated by commas');
  const settings = {
    architecture,
    epochs: numberArgument('epochs', architecture === 'lstm-fcn' ? '300' : '60'),
    patience: numberArgument('patience', architecture === 'lstm-fcn' ? '60' : '15'),
    validationShare: numberArgument('validation-share', '0.2'),
    batchSize: numberArgument('batch-size', '16'),
    learningRate: numberArgument('learning-rate', architecture === 'lstm-fcn' ? '0.001' : '0.003'),
    monitor: argument('monitor', 'val_loss') as 'val_loss' | 'val_acc',
    refit: process.argv.includes('--refit'),
    ensembleSize: numberArgument('ensemble-size', '1'),
  };
  console.error(`${basename(trainFile)}: ${train.series.length} train, ${test.series.length} test series, length ${train.length}, ${classes.length} classes; backend ${backend.name}; ${JSON.stringify(settings)}`);
  const runs: { seed: number; accuracy: number; train_seconds: number; epochs_chosen: (number | null)[]; network_accuracies: number[] }[] = [];
  const accuracyOf = (probs: Float32Array): number => {
    const k = classes.length;
    let correct = 0;
    for (let i = 0; i < test.series.length; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
      if (classes[best] === test.rawLabels[i]) correct++;
    }
    return correct / test.series.length;
  };
  for (const seed of seeds) {
    const started = performance.now();
    const clf = await trainSequenceClassifier({
      ...settings,
      train,
      classes,
      seed,
      onProgress: (p) => {
        if (p.phase === 'epoch' && (p.epoch + 1) % 10 === 0) console.error(`  seed ${seed} epoch ${p.epoch + 1}: ${Object.entries(p.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    try {
      const accuracy = accuracyOf(sequenceProbabilities(clf, test));
      // Each network alone: the members' slices of the joined model give the same figures as
      // separate models, so they are read from the ensemble's own per-member outputs.
      const networks = settings.ensembleSize > 1 ? memberProbabilities(clf, test).map(accuracyOf) : [accuracy];
      const epochs = clf.members.map((m) => m.refitEpochs ?? m.training.bestEpoch);
      runs.push({ seed, accuracy, train_seconds: seconds, epochs_chosen: epochs, network_accuracies: networks });
      console.error(`seed ${seed}: accuracy ${accuracy.toFixed(4)}${networks.length > 1 ? ` (networks alone ${networks.map((a) => a.toFixed(2)).join(' ')})` : ''}, ${seconds.toFixed(1)} s, epochs chosen on validation ${epochs.join(' ')}`);
    } finally {
      clf.model.dispose();
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const accuracies = runs.map((r) => r.accuracy);
  const std = Math.sqrt(mean(accuracies.map((a) => (a - mean(accuracies)) ** 2)));
  console.log(
    JSON.stringify({
      accuracy: round(mean(accuracies)),
      train_seconds: round(mean(runs.map((r) => r.train_seconds)), 1),
      dataset: basename(trainFile).replace(/_TRAIN\.(tsv|txt|csv)$/i, ''),
      architecture,
      backend: backend.name,
      seeds: runs.length,
      accuracy_std: round(std),
      ensemble_size: settings.ensembleSize,
      network_accuracy_mean: round(mean(runs.flatMap((r) => r.network_accuracies))),
      runs: runs.map((r) => ({ ...r, accuracy: round(r.accuracy), train_seconds: round(r.train_seconds, 1), network_accuracies: r.network_accuracies.map((a) => round(a)) })),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
