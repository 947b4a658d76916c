// A UCR-format set (label, then the values; tab- or comma-separated): train on FILE_TRAIN, report
// accuracy on FILE_TEST. The epoch is chosen on a stratified validation share of TRAIN only (its
// weights are kept; --refit trains again on all of TRAIN for that many epochs); TEST is used once, at the end.
// Last line: {"accuracy","train_seconds",...}.
//   npm run bench:sequence -- --train ECG200_TRAIN.tsv --test ECG200_TEST.tsv
//     [--architecture lstm-fcn|recurrent] [--epochs 300] [--patience 60] [--validation-share 0.2]
//     [--batch-size 16] [--learning-rate 0.001] [--seeds 1,2,3] [--monitor val_loss|val_acc] [--refit] [--backend wasm|cpu]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { classifySequences, parseUcr, SEQUENCE_ARCHITECTURES, trainSequenceClassifier, ucrClassMap, type SequenceArchitecture } from '@pmed/case-prediction';
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
  };
  console.error(`${basename(trainFile)}: ${train.series.length} train, ${test.series.length} test series, length ${train.length}, ${classes.length} classes; backend ${backend.name}; ${JSON.stringify(settings)}`);
  const runs: { seed: number; accuracy: number; train_seconds: number; epochs_chosen: number | null }[] = [];
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
      const predicted = classifySequences(clf, test);
      const correct = predicted.reduce((s, c, i) => s + (classes[c] === test.rawLabels[i] ? 1 : 0), 0);
      runs.push({ seed, accuracy: correct / test.series.length, train_seconds: seconds, epochs_chosen: clf.refitEpochs ?? clf.training.bestEpoch });
      console.error(`seed ${seed}: accuracy ${(correct / test.series.length).toFixed(4)}, ${seconds.toFixed(1)} s, epochs chosen on validation ${clf.refitEpochs ?? clf.training.bestEpoch}`);
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
      runs: runs.map((r) => ({ ...r, accuracy: round(r.accuracy), train_seconds: round(r.train_seconds, 1) })),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
