import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ErrorCode } from '@pmed/core';
import { seededInitializers } from '../random/seeded-init';
import { createArtifact, toBlob } from './format';
import { ArtifactIOHandler } from './io-handler';
import { deserializeModel, loadModelFromDirectory, saveModelToDirectory, serializeModel } from './model-artifacts';
import { deserializeTensors, loadTensorsFromDirectory, saveTensorsToDirectory, serializeTensors } from './tensor-artifacts';

const INVALID = { code: ErrorCode.MODEL_ARTIFACT_INVALID };

function smallCnn(seed: number, units = 3): tf.LayersModel {
  const init = seededInitializers(seed);
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: init.heNormal() }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units, activation: 'softmax', kernelInitializer: init.glorotUniform(), biasInitializer: init.randomNormal() }));
  return m;
}

const input = (): tf.Tensor => tf.tensor4d(Array.from({ length: 2 * 36 }, (_, i) => Math.sin(i)), [2, 6, 6, 1]);

function predict(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(input()) as tf.Tensor).dataSync()));
}

describe('model artifacts', () => {
  let dir: string;
  const metadata = { classNames: ['normal', 'pneumonia', 'other'], preprocessing: { mean: 0.48, std: 0.22 } };

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'pmed-artifacts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through a Buffer with identical predictions, metadata and sha256', async () => {
    const model = smallCnn(1);
    const { bytes, sha256 } = await serializeModel(model, { metadata });
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = await deserializeModel(bytes, { expectedSha256: sha256 });
    expect(predict(loaded.model)).toEqual(predict(model));
    expect(loaded.metadata).toEqual(metadata);
    expect(loaded.sha256).toBe(sha256);
    expect(loaded.manifest.formatVersion).toBe(1);
    model.dispose();
    loaded.model.dispose();
  });

  it('round-trips through a directory', async () => {
    const model = smallCnn(2);
    const target = join(dir, 'cnn');
    const { sha256 } = await saveModelToDirectory(model, target, { metadata });
    const manifest = JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ sha256, formatVersion: 1, kind: 'layers-model', metadata });
    const loaded = await loadModelFromDirectory(target, { expectedSha256: sha256 });
    expect(predict(loaded.model)).toEqual(predict(model));
    await expect(saveModelToDirectory(model, target)).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
    await saveModelToDirectory(model, target, { overwrite: true });
    model.dispose();
    loaded.model.dispose();
  });

  describe('refuses damaged artifacts with MODEL_ARTIFACT_INVALID', () => {
    let bytes: Buffer;
    let sha256: string;
    beforeAll(async () => {
      const model = smallCnn(3);
      ({ bytes, sha256 } = await serializeModel(model, { metadata }));
      model.dispose();
    });

    it.each([
      ['in the header', 3, /unknown leading bytes/],
      ['in the manifest', 200, /corrupted/],
      ['in the weights', -5, /checksum mismatch/],
    ])('a flipped byte %s', async (_where, offset, message) => {
      const damaged = Buffer.from(bytes);
      const at = offset < 0 ? damaged.length + offset : offset;
      damaged[at] ^= 0x01;
      await expect(deserializeModel(damaged)).rejects.toMatchObject({ ...INVALID, message: expect.stringMatching(message) });
    });

    it('every single flipped byte is caught', async () => {
      for (let at = 0; at < bytes.length; at += 7) {
        const damaged = Buffer.from(bytes);
        damaged[at] ^= 0x20;
        await expect(deserializeModel(damaged)).rejects.toMatchObject(INVALID);
      }
    });

    it('a truncated blob, trailing bytes, a wrong expected sha256', async () => {
      await expect(deserializeModel(bytes.subarray(0, bytes.length - 4))).rejects.toThrow(/truncated: \d+ bytes, the manifest says/);
      await expect(deserializeModel(bytes.subarray(0, 10))).rejects.toThrow(/truncated: 10 bytes/);
      await expect(deserializeModel(bytes.subarray(0, 40))).rejects.toMatchObject(INVALID);
      await expect(deserializeModel(Buffer.concat([bytes, Buffer.from([0])]))).rejects.toThrow(/longer than stated/);
      const wrong = sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await expect(deserializeModel(bytes, { expectedSha256: wrong })).rejects.toThrow(/does not match the expected/);
    });

    it('an unknown format version, a missing weights file, topology/weights mismatch', async () => {
      const target = join(dir, 'mismatch');
      const model = smallCnn(4);
      await saveModelToDirectory(model, target);
      const manifestPath = join(target, 'manifest.json');
      const original = await readFile(manifestPath, 'utf8');
      await writeFile(manifestPath, original.replace('"formatVersion": 1', '"formatVersion": 9'));
      await expect(loadModelFromDirectory(target)).rejects.toThrow(/format version 9 is not supported/);
      await writeFile(manifestPath, original);

      // A manifest from a model with a different head, re-signed, over weights of the wrong size.
      const other = smallCnn(4, 5);
      const otherDir = join(dir, 'other');
      await saveModelToDirectory(other, otherDir);
      await writeFile(join(target, 'manifest.json'), await readFile(join(otherDir, 'manifest.json')));
      await expect(loadModelFromDirectory(target)).rejects.toThrow(/truncated|longer than stated/);

      await unlink(join(target, 'weights.bin'));
      await expect(loadModelFromDirectory(target)).rejects.toThrow(/weights file weights.bin is missing/);
      await expect(loadModelFromDirectory(join(dir, 'nowhere'))).rejects.toThrow(/no manifest.json/);
      model.dispose();
      other.dispose();
    });
  });

  it('refuses a well-signed artifact whose topology does not fit its weights', async () => {
    const [a, b] = [new ArtifactIOHandler(), new ArtifactIOHandler()];
    const three = smallCnn(6, 3);
    const five = smallCnn(6, 5);
    await three.save(a);
    await five.save(b);
    const mixed = createArtifact({
      kind: 'layers-model',
      modelTopology: a.artifact!.manifest.modelTopology,
      weightSpecs: b.artifact!.manifest.weightSpecs,
      weights: b.artifact!.weights,
    });
    const before = tf.memory().numTensors;
    await expect(deserializeModel(toBlob(mixed))).rejects.toMatchObject({
      ...INVALID,
      message: expect.stringMatching(/topology and weights do not fit together/),
    });
    expect(tf.memory().numTensors).toBe(before);
    three.dispose();
    five.dispose();
  });

  it('saves and loads named tensors, refusing them as a model', async () => {
    const tensors = { 'encoder/kernel': tf.tensor2d([[1, 2], [3, 4]]), 'decoder/bias': tf.tensor1d([5, 6, 7], 'int32') };
    const { bytes, sha256 } = await serializeTensors(tensors, { metadata: { latentDim: 2 } });
    const loaded = deserializeTensors(bytes, { expectedSha256: sha256 });
    expect(loaded.metadata).toEqual({ latentDim: 2 });
    expect(loaded.tensors['encoder/kernel'].arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(loaded.tensors['decoder/bias'].dtype).toBe('int32');
    await expect(deserializeModel(bytes)).rejects.toThrow(/named tensors/);
    const target = join(dir, 'vae');
    await saveTensorsToDirectory(tensors, target);
    const fromDir = await loadTensorsFromDirectory(target);
    expect(fromDir.tensors['decoder/bias'].arraySync()).toEqual([5, 6, 7]);
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 1] ^= 0xff;
    expect(() => deserializeTensors(damaged)).toThrow(expect.objectContaining(INVALID));
    tf.dispose([...Object.values(tensors), ...Object.values(loaded.tensors), ...Object.values(fromDir.tensors)]);
  });

  it('refuses metadata JSON cannot hold', async () => {
    const model = smallCnn(5);
    await expect(serializeModel(model, { metadata: { auc: Number.NaN } })).rejects.toThrow(/metadata.auc: holds NaN/);
    model.dispose();
  });
});
