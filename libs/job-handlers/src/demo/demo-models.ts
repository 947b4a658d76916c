import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { syntheticSquares, writeMedMnist, type ImageSet } from '@pmed/imaging';
import type { EnqueueInput } from '@pmed/jobs';
import { DEFAULT_CASE_MODEL_NAME } from '../case-prediction/case-params';
import { DEFAULT_IMAGING_MODEL_NAME } from '../imaging/imaging-train';
import { MOLECULES_TRAIN_KIND } from '../drug-generation/index';

export interface DemoModelJobsOptions {
  /** Where the demo writes the files its jobs read (the synthetic image set). */
  dataDir: string;
  seed?: number;
}

/**
 * The jobs that give a fresh demo database one small model per module, so every query can be tried
 * at once: they run in the background on the first start, in the job queue like any training,
 * and finish in about a minute on two cores. All their data is synthetic or built in.
 */
export async function demoModelJobs(options: DemoModelJobsOptions): Promise<EnqueueInput[]> {
  const seed = options.seed ?? 7;
  const imagingData = await writeDemoImageSet(options.dataDir, seed);
  return [
    { kind: 'nlp.mine', params: {} },
    { kind: 'nlp.train-lm', params: { name: 'clinical', order: 3 } },
    // One network: the demo model trains in seconds (the job's default averages five).
    { kind: 'case.train', params: { name: DEFAULT_CASE_MODEL_NAME, epochs: 6, seed, ensembleSize: 1 } },
    { kind: 'imaging.train', params: { name: DEFAULT_IMAGING_MODEL_NAME, dataPath: imagingData, epochs: 4, seed, classNames: ['no finding', 'bright lesion'] } },
    { kind: MOLECULES_TRAIN_KIND, params: {} },
  ];
}

/** A small 28x28 set whose positive class is a bright square at a random place (Grad-CAM finds it). */
async function writeDemoImageSet(dataDir: string, seed: number): Promise<string> {
  const split = (count: number, offset: number): ImageSet => {
    const set = syntheticSquares({ count, size: 28, square: 6, seed: seed + offset });
    return { images: set.images, labels: set.labels, count, height: 28, width: 28, channels: 1 };
  };
  const dir = resolve(dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'imaging-bright-squares.npz');
  await writeFile(path, writeMedMnist({ train: split(160, 0), val: split(48, 1000), test: split(48, 2000) }));
  return path;
}
