import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ErrorCode, PmedError } from '@pmed/core';
import { readDicom } from '../dicom/read-dicom';
import { heatMapPng } from '../explain/grad-cam';
import { displayPixels, displaySize, encodeSamples, pixelTypeFor } from './display-pixels';
import { encodePng } from './png-jpeg';

// pydicom's test files (MIT), kept beside the project, never committed into it.
const DIR = join(__dirname, '../../../../../../shared/data/dicom');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

async function errorOf(promise: Promise<unknown>): Promise<PmedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PmedError) return error;
    throw error;
  }
  throw new Error('expected a PmedError');
}

describe('displayPixels', () => {
  it('gives CT modality values (Hounsfield units) as int16 with the file window, exactly as readDicom decodes them', async () => {
    const bytes = file('CT_small.dcm');
    const [shown, dicom] = await Promise.all([displayPixels(bytes), readDicom(bytes)]);
    expect(shown).toMatchObject({ format: 'dicom', width: 128, height: 128, channels: 1, sourceWidth: 128, sourceHeight: 128, pixelType: 'int16', invert: false, modality: 'CT' });
    expect(shown.window).toEqual(dicom.window);
    expect(Array.from(shown.values)).toEqual(Array.from(dicom.values));
    const back = new Int16Array(shown.bytes.buffer, shown.bytes.byteOffset, shown.bytes.byteLength / 2);
    expect(Array.from(back)).toEqual(Array.from(dicom.values));
    expect(shown.min).toBe(Math.min(...dicom.values));
    expect(shown.min).toBeLessThan(0);
  });

  it('marks MONOCHROME1 for inversion', async () => {
    const bytes = Buffer.from(file('MR_small.dcm'));
    const at = bytes.indexOf('MONOCHROME2');
    expect(at).toBeGreaterThan(0);
    bytes.write('MONOCHROME1', at, 'latin1');
    const shown = await displayPixels(new Uint8Array(bytes));
    expect(shown).toMatchObject({ invert: true, photometricInterpretation: 'MONOCHROME1', width: 64, height: 64 });
    expect((await displayPixels(file('MR_small.dcm'))).invert).toBe(false);
  });

  it('keeps colour as RGB with the nominal range as window', async () => {
    const shown = await displayPixels(file('SC_rgb_rle.dcm'));
    expect(shown).toMatchObject({ channels: 3, pixelType: 'uint8', window: { center: 128, width: 256 }, invert: false });
    expect(shown.bytes.length).toBe(shown.width * shown.height * 3);
  });

  it('averages a large image down to the display size and keeps 8-bit samples as uint8', async () => {
    // 1024x16 stripes of 0 and 200, two pixels wide: each display pixel averages four columns, two of each.
    const width = 1024;
    const data = new Float32Array(width * 16);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor((i % width) / 2) % 2 === 0 ? 0 : 200 / 255;
    const shown = await displayPixels(encodePng({ width, height: 16, channels: 1, data }), { maxSide: 256 });
    expect(shown).toMatchObject({ format: 'png', width: 256, height: 4, sourceWidth: 1024, sourceHeight: 16, pixelType: 'uint8', window: { center: 128, width: 256 } });
    expect(new Set(shown.values)).toEqual(new Set([100]));
    expect(shown.bytes.length).toBe(256 * 4);
    expect(displaySize(3000, 1500)).toEqual({ width: 1024, height: 512 });
    expect(displaySize(100, 20000)).toEqual({ width: 5, height: 1024 });
  });

  it('chooses the smallest exact sample type and writes little-endian', () => {
    expect(pixelTypeFor(true, 0, 255)).toBe('uint8');
    expect(pixelTypeFor(true, -1024, 3071)).toBe('int16');
    expect(pixelTypeFor(true, 0, 65535)).toBe('uint16');
    expect(pixelTypeFor(true, -1, 40000)).toBe('float32');
    expect(pixelTypeFor(false, 0, 1)).toBe('float32');
    expect(Array.from(encodeSamples(Float32Array.from([-2, 258]), 'int16'))).toEqual([0xfe, 0xff, 0x02, 0x01]);
    expect(new DataView(encodeSamples(Float32Array.from([0.5]), 'float32').buffer).getFloat32(0, true)).toBe(0.5);
  });

  it('refuses bad input with stable codes', async () => {
    expect((await errorOf(displayPixels(new Uint8Array(0)))).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((await errorOf(displayPixels(new Uint8Array(Buffer.from('not an image at all'))))).code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    const png = encodePng({ width: 2, height: 2, channels: 1, data: new Float32Array(4) });
    expect((await errorOf(displayPixels(png, { frame: 1 }))).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((await errorOf(displayPixels(file('CT_small.dcm'), { frame: 3 }))).code).toBe(ErrorCode.BAD_USER_INPUT);
  });
});

describe('heatMapPng', () => {
  it('is transparent where the activation is weak and opaque where it is strong', () => {
    const png = PNG.sync.read(heatMapPng({ heatmap: Float32Array.from([0, 1, 0, 1]), width: 2, height: 2 }, { width: 2, height: 2 }));
    expect([png.width, png.height]).toEqual([2, 2]);
    expect([png.data[3], png.data[7]]).toEqual([0, 255]);
    // Strong activation is red in the jet scale.
    expect(png.data[4]).toBeGreaterThan(png.data[6]);
  });
});
