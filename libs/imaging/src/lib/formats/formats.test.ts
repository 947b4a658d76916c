import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { ErrorCode } from '@pmed/core';
import { decodeImage, sniffImageFormat } from './decode-image';
import { readNpy } from './npy';
import { readMedMnist, readNpz, type ImageSet } from './npz';
import { writeMedMnist } from './npz-writer';
import { encodePng } from './png-jpeg';

function npy(args: { dtype: string; shape: number[]; body: Uint8Array }): Uint8Array {
  let header = `{'descr': '${args.dtype}', 'fortran_order': False, 'shape': (${args.shape.join(', ')}${args.shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + args.body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(args.body, 10 + header.length);
  return out;
}

/** A minimal zip writer (stored or deflated entries), enough to test the reader without fixtures. */
function zip(entries: Record<string, Uint8Array>, deflate: boolean): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const body = deflate ? deflateRawSync(data) : Buffer.from(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

describe('npy and npz', () => {
  it('reads little- and big-endian numeric dtypes', () => {
    const le = new Uint8Array(new Int16Array([-2, 300, 7]).buffer);
    expect(Array.from(readNpy(npy({ dtype: '<i2', shape: [3], body: le })).data)).toEqual([-2, 300, 7]);
    const be = new Uint8Array([0x3f, 0x80, 0, 0, 0x40, 0, 0, 0]);
    const arr = readNpy(npy({ dtype: '>f4', shape: [1, 2], body: be }));
    expect(arr.shape).toEqual([1, 2]);
    expect(Array.from(arr.data)).toEqual([1, 2]);
  });

  it('refuses truncated data, unknown dtypes and non-npy bytes', () => {
    expect(() => readNpy(npy({ dtype: '<f4', shape: [4], body: new Uint8Array(8) }))).toThrow(/truncated/);
    expect(() => readNpy(npy({ dtype: '<U3', shape: [1], body: new Uint8Array(12) }))).toThrow(/not supported/);
    expect(() => readNpy(new Uint8Array(20))).toThrow(/magic/);
  });

  it.each([false, true])('reads a MedMNIST-style archive (deflated: %s)', (deflate) => {
    const images = (n: number): Uint8Array => npy({ dtype: '|u1', shape: [n, 2, 2], body: Uint8Array.from({ length: n * 4 }, (_, i) => (i * 37) % 256) });
    const labels = (values: number[]): Uint8Array => npy({ dtype: '<i8', shape: [values.length, 1], body: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) });
    const bytes = zip(
      { 'train_images.npy': images(3), 'train_labels.npy': labels([0, 1, 1]), 'val_images.npy': images(1), 'val_labels.npy': labels([1]), 'test_images.npy': images(2), 'test_labels.npy': labels([0, 2]) },
      deflate,
    );
    const data = readMedMnist(bytes);
    expect(data.numClasses).toBe(3);
    expect([data.train.count, data.train.height, data.train.width, data.train.channels]).toEqual([3, 2, 2, 1]);
    expect(data.train.images[1]).toBeCloseTo(37 / 255, 6);
    expect(Array.from(data.test.labels)).toEqual([0, 2]);
    expect(() => readNpz(bytes.subarray(0, bytes.length - 30))).toThrow(/zip|damaged|truncated/);
  });

  it('reads BreastMNIST: 546/78/156 images of 28x28, labels 0/1', () => {
    const data = readMedMnist(new Uint8Array(readFileSync(join(__dirname, '../../../../../../shared/data/imaging/breastmnist.npz'))));
    expect([data.train.count, data.val.count, data.test.count]).toEqual([546, 78, 156]);
    expect([data.train.height, data.train.width, data.train.channels, data.numClasses]).toEqual([28, 28, 1, 2]);
    const positives = data.train.labels.reduce((a, l) => a + l, 0);
    expect(positives).toBeGreaterThan(300);
    expect(Math.max(...data.train.images.subarray(0, 784))).toBeLessThanOrEqual(1);
  });
});

describe('decodeImage', () => {
  it('round-trips grey and colour PNGs and reads JPEGs', async () => {
    const grey = { width: 3, height: 2, channels: 1 as const, data: Float32Array.from([0, 0.2, 0.4, 0.6, 0.8, 1]) };
    const png = encodePng(grey);
    expect(sniffImageFormat(png)).toBe('png');
    const decoded = await decodeImage(png);
    expect(decoded.image.channels).toBe(1);
    decoded.image.data.forEach((v, i) => expect(v).toBeCloseTo(grey.data[i], 2));
    const rgba = Buffer.alloc(8 * 8 * 4);
    for (let p = 0; p < 64; p++) rgba.set([200, 30, 30, 255], p * 4);
    const jpg = jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data;
    const fromJpeg = await decodeImage(new Uint8Array(jpg));
    expect([fromJpeg.format, fromJpeg.image.channels, fromJpeg.image.width]).toEqual(['jpeg', 3, 8]);
    expect(fromJpeg.image.data[0]).toBeGreaterThan(0.7);
  });

  it('refuses empty, unknown and damaged files with stable codes', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    await expect(decodeImage(Buffer.from('hello, not an image'))).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_FORMAT });
    const png = encodePng({ width: 4, height: 4, channels: 1, data: new Float32Array(16) });
    await expect(decodeImage(png.subarray(0, 40))).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    const huge = Buffer.from(png);
    huge.writeUInt32BE(100000, 16);
    await expect(decodeImage(huge)).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: /exceeds/ });
    await expect(decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });
});

describe('writeMedMnist', () => {
  it('writes an archive that readMedMnist reads back', () => {
    const set = (labels: number[]): ImageSet => ({ images: Float32Array.from({ length: labels.length * 9 }, (_, i) => (i % 5) / 4), labels: Int32Array.from(labels), count: labels.length, height: 3, width: 3, channels: 1 });
    const data = readMedMnist(writeMedMnist({ train: set([0, 1, 1]), val: set([1, 0]), test: set([0, 1]) }));
    expect(data.train.count).toBe(3);
    expect(Array.from(data.val.labels)).toEqual([1, 0]);
    expect(data.test.images[4]).toBeCloseTo(1, 6);
  });
});
