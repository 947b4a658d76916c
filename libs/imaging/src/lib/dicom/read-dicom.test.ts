import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, PmedError } from '@pmed/core';
import { readDicom } from './read-dicom';

// pydicom's test files (MIT), kept beside the project, never committed into it.
const DIR = join(__dirname, '../../../../../../shared/data/dicom');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

function range(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return [min, max];
}

async function errorOf(promise: Promise<unknown>): Promise<PmedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PmedError) return error;
    throw error;
  }
  throw new Error('expected a PmedError');
}

describe('readDicom on pydicom test files', () => {
  it('reads CT_small: signed 16-bit, rescale intercept -1024 to Hounsfield units', async () => {
    const img = await readDicom(file('CT_small.dcm'));
    expect([img.rows, img.columns, img.pixelRepresentation, img.bitsAllocated]).toEqual([128, 128, 1, 16]);
    expect(img.rescale).toEqual({ slope: 1, intercept: -1024 });
    const [min, max] = range(img.values);
    expect(min).toBeGreaterThanOrEqual(-1024);
    expect(max).toBeLessThan(3100);
    expect(max - min).toBeGreaterThan(500);
    const [dmin, dmax] = range(img.image.data);
    expect(dmin).toBeGreaterThanOrEqual(0);
    expect(dmax).toBeLessThanOrEqual(1);
  });

  it('gives the same MR_small pixels for every encoding of it (explicit/implicit, big endian, RLE, JPEG-LS, JPEG 2000 lossless)', async () => {
    const reference = await readDicom(file('MR_small.dcm'));
    expect([reference.rows, reference.columns]).toEqual([64, 64]);
    expect(reference.window).toEqual({ center: 600, width: 1600 });
    const [min, max] = range(reference.values);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThan(1000);
    for (const name of ['MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_RLE.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small_jp2klossless.dcm']) {
      const other = await readDicom(file(name));
      expect({ name, equal: Buffer.compare(Buffer.from(other.values.buffer), Buffer.from(reference.values.buffer)) }).toEqual({ name, equal: 0 });
    }
  });

  it('applies a window override and clips outside it', async () => {
    const img = await readDicom(file('CT_small.dcm'), { window: { center: 40, width: 400 } });
    for (let i = 0; i < img.values.length; i++) {
      if (img.values[i] <= -160.5) expect(img.image.data[i]).toBe(0);
      if (img.values[i] > 239.5) expect(img.image.data[i]).toBe(1);
    }
    await expect(readDicom(file('CT_small.dcm'), { window: { center: 40, width: 0 } })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('reads big-endian planar RGB, RGB RLE and YBR JPEG baseline as colour', async () => {
    const be = await readDicom(file('ExplVR_BigEnd.dcm'));
    expect([be.rows, be.columns, be.image.channels]).toEqual([60, 80, 3]);
    const rle = await readDicom(file('SC_rgb_rle.dcm'));
    const jpeg = await readDicom(file('SC_rgb_jpeg_dcmtk.dcm'));
    for (const img of [rle, jpeg]) expect([img.rows, img.columns, img.image.channels]).toEqual([100, 100, 3]);
    // The test image starts with a pure red band; the JPEG copy is lossy, so only close to it.
    expect(Array.from(rle.values.subarray(0, 3))).toEqual([255, 0, 0]);
    expect(jpeg.values[0]).toBeGreaterThan(240);
    expect(jpeg.values[1]).toBeLessThan(15);
    expect(jpeg.values[2]).toBeLessThan(15);
  });

  it('inflates the deflated transfer syntax', async () => {
    const img = await readDicom(file('image_dfl.dcm'));
    expect(img.transferSyntax.uid).toBe('1.2.840.10008.1.2.1.99');
    expect(img.rows * img.columns).toBeGreaterThan(0);
    const [min, max] = range(img.image.data);
    expect(max).toBeGreaterThan(min);
  });

  it('decodes JPEG 2000 (1024x256, signed 16-bit)', async () => {
    const img = await readDicom(file('JPEG2000.dcm'));
    expect([img.rows, img.columns, img.pixelRepresentation]).toEqual([1024, 256, 1]);
    expect(img.values.length).toBe(1024 * 256);
  });

  it('chooses a frame of the multi-frame 32-bit RT dose and applies dose grid scaling', async () => {
    const first = await readDicom(file('rtdose.dcm'));
    expect([first.numberOfFrames, first.rows, first.columns, first.bitsAllocated]).toEqual([15, 10, 10, 32]);
    expect(first.rescale.slope).toBeGreaterThan(0);
    expect(first.rescale.slope).toBeLessThan(1);
    const last = await readDicom(file('rtdose.dcm'), { frame: 14 });
    expect(Array.from(last.values)).not.toEqual(Array.from(first.values));
    await expect(readDicom(file('rtdose.dcm'), { frame: 15 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: /0\.\.14/ });
  });

  it('refuses empty, truncated and non-DICOM files with stable codes', async () => {
    expect((await errorOf(readDicom(new Uint8Array(0)))).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((await errorOf(readDicom(new Uint8Array(300)))).code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    const whole = file('MR_small.dcm');
    const truncated = await errorOf(readDicom(whole.subarray(0, whole.length - 1000)));
    expect(truncated.code).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('names the transfer syntax it cannot decode', async () => {
    const bytes = Buffer.from(file('MR_small.dcm'));
    const uid = '1.2.840.10008.1.2.1';
    const at = bytes.indexOf(Buffer.from(uid + '\0'));
    expect(at).toBeGreaterThan(0);
    // Same length as the original (20 bytes with padding): MPEG2's UID.
    Buffer.from('1.2.840.10008.1.2.4.100'.slice(0, 20)).copy(bytes, at);
    const error = await errorOf(readDicom(new Uint8Array(bytes)));
    expect(error.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(error.message).toContain('1.2.840.10008.1.2.4.');
  });
});
