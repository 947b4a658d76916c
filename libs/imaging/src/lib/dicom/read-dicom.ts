import { inflateRawSync } from 'node:zlib';
import * as dicomParser from 'dicom-parser';
import { badInput, ErrorCode, PmedError } from '@pmed/core';
import type { RasterImage } from '../formats/raster';
import { checkDimensions } from '../formats/raster';
import { decodeCompressedFrame } from './codecs';
import { interleavePlanes, readSamples, swapToLittleEndian, ybrFullToRgb } from './pixel-values';
import { decodeRleFrame } from './rle';
import { transferSyntaxOf, unsupportedTransferSyntax, type TransferSyntax } from './transfer-syntax';
import { applyWindow, checkWindow, fullRangeWindow, type WindowSetting } from './window';

export interface ReadDicomOptions {
  /** 0-based frame of a multi-frame image. Default 0. */
  frame?: number;
  /** Overrides the file's window (e.g. a CT lung window); grey images only. */
  window?: WindowSetting;
}

export interface DicomImage {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  numberOfFrames: number;
  frame: number;
  /** As stored in the file. */
  photometricInterpretation: string;
  transferSyntax: TransferSyntax;
  modality: string | null;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  rescale: { slope: number; intercept: number };
  /** The window used for display; null for colour images. */
  window: WindowSetting | null;
  /** Modality values (after rescale slope/intercept) of the frame, channels interleaved. */
  values: Float32Array;
  /** Display image in [0, 1]: windowed and, for MONOCHROME1, inverted; colour as RGB. */
  image: RasterImage;
  sopInstanceUid: string | null;
  studyInstanceUid: string | null;
}

const GREY = new Set(['MONOCHROME1', 'MONOCHROME2']);
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_ICT', 'YBR_RCT']);

function parse(bytes: Uint8Array): dicomParser.DataSet {
  if (bytes.length === 0) throw badInput('file', 'is empty');
  const isPart10 = bytes.length >= 132 && String.fromCharCode(bytes[128], bytes[129], bytes[130], bytes[131]) === 'DICM';
  if (!isPart10) throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'file is not DICOM Part 10 (no "DICM" marker after the 128-byte preamble)');
  // The deflated syntax compresses everything after the file meta group; dicom-parser wants the whole file back.
  const inflater = (array: Uint8Array, position: number): Uint8Array => {
    const body = inflateRawSync(array.subarray(position));
    const whole = new Uint8Array(position + body.length);
    whole.set(array.subarray(0, position));
    whole.set(body, position);
    return whole;
  };
  try {
    return dicomParser.parseDicom(bytes, { inflater } as unknown as dicomParser.ParseDicomOptions);
  } catch (error) {
    const reason = typeof error === 'string' ? error : ((error as { exception?: string; message?: string }).exception ?? (error as Error).message ?? String(error));
    throw badInput('file', `is not a readable DICOM file: ${reason.replace(/^dicomParser\.\w+: /, '')}`);
  }
}

function requiredUint16(ds: dicomParser.DataSet, tag: string, name: string): number {
  const v = ds.uint16(tag);
  if (v === undefined) throw badInput('file', `DICOM attribute ${name} (${tag.slice(1, 5)},${tag.slice(5)}) is missing`);
  return v;
}

function frameBytes(args: { ds: dicomParser.DataSet; ts: TransferSyntax; frame: number; frames: number; frameSize: number }): Uint8Array {
  const { ds, ts, frame, frames, frameSize } = args;
  const pixel = ds.elements['x7fe00010'];
  if (!pixel) throw badInput('file', 'the DICOM file has no pixel data (7FE0,0010)');
  if (ts.encoding === 'native') {
    const start = pixel.dataOffset + frame * frameSize;
    if (pixel.length < frames * frameSize || start + frameSize > ds.byteArray.length) {
      throw badInput('file', `pixel data is truncated: ${frames} frame(s) of ${frameSize} bytes do not fit`);
    }
    return ds.byteArray.subarray(start, start + frameSize);
  }
  const fragments = pixel.fragments ?? [];
  if (!pixel.encapsulatedPixelData || fragments.length === 0) throw badInput('file', `${ts.name} pixel data holds no fragments`);
  try {
    if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, pixel, 0, fragments.length) as Uint8Array;
    if (pixel.basicOffsetTable?.length) return dicomParser.readEncapsulatedImageFrame(ds, pixel, frame) as Uint8Array;
    if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, pixel, frame, 1) as Uint8Array;
    if (ts.encoding.startsWith('jpeg')) {
      return dicomParser.readEncapsulatedImageFrame(ds, pixel, frame, dicomParser.createJPEGBasicOffsetTable(ds, pixel)) as Uint8Array;
    }
  } catch (error) {
    throw badInput('file', `frame ${frame} of the encapsulated pixel data cannot be read: ${typeof error === 'string' ? error : (error as Error).message}`);
  }
  throw badInput('file', `cannot locate frame ${frame}: no offset table and ${fragments.length} fragments for ${frames} frames`);
}

function optionalNumber(ds: dicomParser.DataSet, tag: string): number | undefined {
  const v = ds.floatString(tag, 0);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Reads a DICOM Part 10 file and decodes one frame into modality values and a display image. */
export async function readDicom(bytes: Uint8Array, options: ReadDicomOptions = {}): Promise<DicomImage> {
  const ds = parse(bytes);
  const ts = transferSyntaxOf(ds.string('x00020010')?.trim() ?? '1.2.840.10008.1.2');
  if (ts.encoding === 'unsupported') throw unsupportedTransferSyntax(ts, 'no JavaScript decoder for it is installed');
  const rows = requiredUint16(ds, 'x00280010', 'Rows');
  const columns = requiredUint16(ds, 'x00280011', 'Columns');
  checkDimensions('file', columns, rows);
  const samples = ds.uint16('x00280002') ?? 1;
  const bitsAllocated = requiredUint16(ds, 'x00280100', 'Bits Allocated');
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  const photometric = (ds.string('x00280004') ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  if (!GREY.has(photometric) && !COLOUR.has(photometric)) {
    throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `DICOM photometric interpretation ${photometric} is not supported`, { details: { photometric } });
  }
  if ((GREY.has(photometric) && samples !== 1) || (COLOUR.has(photometric) && samples !== 3)) {
    throw badInput('file', `${photometric} with ${samples} samples per pixel is inconsistent`);
  }
  if (![8, 16, 32].includes(bitsAllocated)) throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `DICOM pixels of ${bitsAllocated} bits allocated are not supported`);
  if (photometric === 'YBR_FULL_422' && ts.encoding === 'native') throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'uncompressed YBR_FULL_422 (chroma-subsampled) pixels are not supported');
  const frames = Math.max(1, ds.intString('x00280008') ?? 1);
  const frame = options.frame ?? 0;
  if (!Number.isInteger(frame) || frame < 0 || frame >= frames) throw badInput('frame', `must be an integer in 0..${frames - 1}, got ${frame}`);
  const pixels = rows * columns;
  const frameSize = (pixels * samples * bitsAllocated) / 8;
  const raw = frameBytes({ ds, ts, frame, frames, frameSize });

  let littleEndian: Uint8Array;
  let decodedAsRgb = false;
  if (ts.encoding === 'native') {
    littleEndian = ts.uid === '1.2.840.10008.1.2.2' ? swapToLittleEndian(raw, bitsAllocated) : raw;
  } else if (ts.encoding === 'rle') {
    littleEndian = decodeRleFrame(raw, { rows, columns, samplesPerPixel: samples, bitsAllocated });
  } else {
    const decoded = await decodeCompressedFrame(ts, raw, bitsAllocated);
    if (decoded.width !== columns || decoded.height !== rows || decoded.components !== samples) {
      throw badInput('file', `decoded ${ts.name} frame is ${decoded.width}x${decoded.height}x${decoded.components}, the header says ${columns}x${rows}x${samples}`);
    }
    littleEndian = decoded.bytes;
    // libjpeg-turbo and OpenJPEG convert YCbCr to RGB themselves.
    decodedAsRgb = ts.encoding === 'jpeg-baseline' || ts.encoding === 'jpeg-2000';
  }
  let values = readSamples(littleEndian, pixels * samples, { bitsAllocated, bitsStored, pixelRepresentation });
  // Planar configuration describes native and RLE layouts; RLE output is already interleaved.
  if (samples > 1 && ts.encoding === 'native' && ds.uint16('x00280006') === 1) values = interleavePlanes(values, pixels, samples);
  const modality = ds.string('x00080060')?.trim() ?? null;
  const base = { rows, columns, samplesPerPixel: samples, numberOfFrames: frames, frame, photometricInterpretation: photometric, transferSyntax: ts, modality };
  const ids = { sopInstanceUid: ds.string('x00080018')?.trim() ?? null, studyInstanceUid: ds.string('x0020000d')?.trim() ?? null };
  const format = { bitsAllocated, bitsStored, pixelRepresentation };

  if (samples === 3) {
    const maxValue = 2 ** bitsStored - 1;
    if (!decodedAsRgb && photometric.startsWith('YBR_FULL')) ybrFullToRgb(values, maxValue);
    const data = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i] / maxValue;
    return { ...base, ...format, ...ids, rescale: { slope: 1, intercept: 0 }, window: null, values, image: { width: columns, height: rows, channels: 3, data } };
  }
  // RT dose grids store their scale in Dose Grid Scaling rather than Rescale Slope.
  const slope = optionalNumber(ds, 'x00281053') ?? (modality === 'RTDOSE' ? optionalNumber(ds, 'x3004000e') : undefined) ?? 1;
  const intercept = optionalNumber(ds, 'x00281052') ?? 0;
  if (slope !== 1 || intercept !== 0) for (let i = 0; i < values.length; i++) values[i] = values[i] * slope + intercept;
  const fileCenter = optionalNumber(ds, 'x00281050');
  const fileWidth = optionalNumber(ds, 'x00281051');
  const window = options.window
    ? checkWindow(options.window)
    : fileCenter !== undefined && fileWidth !== undefined && fileWidth >= 1
      ? { center: fileCenter, width: fileWidth }
      : fullRangeWindow(values);
  const data = applyWindow(values, window, photometric === 'MONOCHROME1');
  return { ...base, ...format, ...ids, rescale: { slope, intercept }, window, values, image: { width: columns, height: rows, channels: 1, data } };
}
