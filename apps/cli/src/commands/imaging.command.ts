import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { classifyImage, evaluatePredictions, predictLogits, prepareImageSet, readMedMnist, softmax } from '@pmed/imaging';
import { IMAGING_TRAIN_KIND, loadImagingModelVersion, runImagingTraining, validateImagingTrainParams, type ImagingTrainParams } from '@pmed/job-handlers';
import { selectBackend } from '@pmed/tensor';
import type { CliContext, CliOutput } from '../context';
import { runLocalJob } from '../local-job';

interface TrainFlags {
  data: string;
  name?: string;
  architecture?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  seed?: string;
  patience?: string;
  ensemble?: string;
  mixup?: string;
  labelSmoothing?: string;
  classWeights?: string;
  augment?: boolean;
  classNames?: string;
}

const optionalNumber = (v: string | undefined, field: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badInput(field, `must be a number, got ${v}`);
  return n;
};

function parseWindow(text: string | undefined): { center: number; width: number } | undefined {
  if (text === undefined) return undefined;
  const [center, width] = text.split(',').map(Number);
  if (!Number.isFinite(center) || !Number.isFinite(width)) throw badInput('--window', `must be CENTER,WIDTH, got ${text}`);
  return { center, width };
}

export function imagingCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('imaging').description('train, evaluate and run image classifiers (DICOM, PNG, JPEG, MedMNIST .npz)');

  command
    .command('train')
    .description('train on a MedMNIST-style .npz (train/val/test splits) and register the model version')
    .requiredOption('--data <file>', '.npz with train_/val_/test_ images and labels')
    .option('--name <name>', 'model name', 'default')
    .option('--architecture <name>', 'reference-cnn, reference-cnn-bn (batch normalisation) or resnet-small', 'reference-cnn')
    .option('--epochs <n>', 'most epochs (early stopping may end sooner)')
    .option('--batch-size <n>', 'batch size')
    .option('--learning-rate <x>', 'Adam learning rate')
    .option('--seed <n>', 'seed for splits, initialisation, shuffling and augmentation')
    .option('--patience <n>', 'early-stopping patience in epochs (0: off)')
    .option('--augment', 'augment training batches (flips, small rotations and shifts, intensity jitter)')
    .option('--ensemble <n>', 'train n networks from different seeds and average their logits (1..20)')
    .option('--mixup <alpha>', "blend training batches with shuffled copies, weight ~ Beta(alpha, alpha) (0: off)")
    .option('--label-smoothing <e>', 'label smoothing of the training loss, in [0, 1)')
    .option('--class-weights <mode>', 'balanced (classes weighted by inverse frequency) or none')
    .option('--class-names <list>', 'comma-separated name per class index')
    .action(async (flags: TrainFlags) => {
      const params: ImagingTrainParams = validateImagingTrainParams(
        {
          dataPath: flags.data,
          name: flags.name,
          architecture: flags.architecture,
          epochs: optionalNumber(flags.epochs, '--epochs'),
          batchSize: optionalNumber(flags.batchSize, '--batch-size'),
          learningRate: optionalNumber(flags.learningRate, '--learning-rate'),
          seed: optionalNumber(flags.seed, '--seed'),
          patience: optionalNumber(flags.patience, '--patience'),
          augment: flags.augment,
          ensembleSize: optionalNumber(flags.ensemble, '--ensemble'),
          mixup: optionalNumber(flags.mixup, '--mixup'),
          labelSmoothing: optionalNumber(flags.labelSmoothing, '--label-smoothing'),
          classWeights: flags.classWeights,
          classNames: flags.classNames?.split(',').map((s) => s.trim()),
        },
        {},
      );
      const db = await context().db();
      await runLocalJob<ImagingTrainParams, Awaited<ReturnType<typeof runImagingTraining>>>({
        kind: IMAGING_TRAIN_KIND,
        title: 'imaging train',
        params,
        output,
        run: async (ctx, progress) => {
          const result = await runImagingTraining(db, ctx);
          progress.stop(`registered imaging model ${result.name} v${result.version} (${result.modelVersionId})`);
          output.out(JSON.stringify(result));
          return result;
        },
      });
    });

  command
    .command('evaluate')
    .description('evaluate a registered model on a split of a .npz; optionally write ROC and reliability charts')
    .requiredOption('--data <file>', '.npz file')
    .option('--split <name>', 'train, val or test', 'test')
    .option('--model-version <id>', 'model version id (default: latest ready version of --name)')
    .option('--name <name>', 'model name', 'default')
    .option('--out <dir>', 'write roc.svg and reliability.svg here')
    .action(async (flags: { data: string; split: string; modelVersion?: string; name: string; out?: string }) => {
      if (!['train', 'val', 'test'].includes(flags.split)) throw badInput('--split', 'must be train, val or test');
      const data = readMedMnist(await readFile(flags.data));
      await selectBackend({ forced: context().config.tfBackend });
      const db = await context().db();
      const loaded = await loadImagingModelVersion(db, { modelVersionId: flags.modelVersion, name: flags.name });
      try {
        const { metadata, model } = loaded.classifier;
        const set = data[flags.split as 'train' | 'val' | 'test'];
        const x = prepareImageSet(set, metadata.preprocessing);
        const probabilities = softmax(predictLogits(model, { x, count: set.count }), metadata.numClasses, metadata.temperature);
        const report = evaluatePredictions({ labels: set.labels, probabilities, numClasses: metadata.numClasses });
        if (flags.out) {
          await mkdir(flags.out, { recursive: true });
          await writeFile(join(flags.out, 'roc.svg'), report.rocSvg);
          await writeFile(join(flags.out, 'reliability.svg'), report.reliabilitySvg);
        }
        output.out(JSON.stringify({ modelVersionId: loaded.id, version: loaded.version, split: flags.split, ...report.metrics }));
      } finally {
        loaded.classifier.model.dispose();
      }
    });

  command
    .command('classify')
    .alias('predict')
    .description('classify one DICOM, PNG or JPEG file with calibrated probabilities and a Grad-CAM overlay')
    .argument('<file>', 'image file')
    .option('--model-version <id>', 'model version id (default: latest ready version of --name)')
    .option('--name <name>', 'model name', 'default')
    .option('--frame <n>', 'frame of a multi-frame DICOM (0-based)')
    .option('--window <center,width>', 'DICOM window override, e.g. 40,400')
    .option('--overlay <file>', 'write the Grad-CAM overlay PNG here')
    .action(async (file: string, flags: { modelVersion?: string; name: string; frame?: string; window?: string; overlay?: string }) => {
      const bytes = new Uint8Array(await readFile(file));
      await selectBackend({ forced: context().config.tfBackend });
      const db = await context().db();
      const loaded = await loadImagingModelVersion(db, { modelVersionId: flags.modelVersion, name: flags.name });
      try {
        const result = await classifyImage(loaded.classifier, bytes, { frame: optionalNumber(flags.frame, '--frame'), window: parseWindow(flags.window) });
        if (flags.overlay) await writeFile(flags.overlay, result.overlayPng);
        const { gradCam, overlayPng: _png, ...rest } = result;
        output.out(JSON.stringify({ modelVersionId: loaded.id, version: loaded.version, ...rest, gradCamLayer: gradCam.layerName }));
      } finally {
        loaded.classifier.model.dispose();
      }
    });

  return command;
}
