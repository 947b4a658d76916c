import { createRequire } from 'node:module';
import { badInput } from '@pmed/core';
import { unsupportedTransferSyntax, type TransferSyntax } from './transfer-syntax';

/** A decoded compressed frame: interleaved little-endian samples. */
export interface DecodedFrame {
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
}

interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete?: () => void;
}
type DecoderModule = Record<string, new () => EmscriptenDecoder>;
type DecoderFactory = (options: { print: (s: string) => void; printErr: (s: string) => void }) => Promise<DecoderModule>;

interface WasmCodec {
  packageName: string;
  className: string;
}

const WASM_CODECS: Record<'jpeg-baseline' | 'jpeg-ls' | 'jpeg-2000', WasmCodec> = {
  'jpeg-baseline': { packageName: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', className: 'JPEGDecoder' },
  'jpeg-ls': { packageName: '@cornerstonejs/codec-charls/decodewasmjs', className: 'JpegLSDecoder' },
  'jpeg-2000': { packageName: '@cornerstonejs/codec-openjpeg/decodewasmjs', className: 'J2KDecoder' },
};

// The codecs ship no type declarations and are optional at run time: a missing one gives
// UNSUPPORTED_FORMAT for its transfer syntaxes rather than failing start-up.
const load = createRequire(__filename);
const modules = new Map<string, Promise<DecoderModule>>();

function wasmModule(codec: WasmCodec): Promise<DecoderModule> {
  let pending = modules.get(codec.packageName);
  if (!pending) {
    const silent = (): void => undefined;
    pending = Promise.resolve().then(() => (load(codec.packageName) as DecoderFactory)({ print: silent, printErr: silent }));
    // A failed load is not cached, so a later call can try again.
    pending.catch(() => modules.delete(codec.packageName));
    modules.set(codec.packageName, pending);
  }
  return pending;
}

async function decodeWithWasm(ts: TransferSyntax, codec: WasmCodec, data: Uint8Array): Promise<DecodedFrame> {
  let mod: DecoderModule;
  try {
    mod = await wasmModule(codec);
  } catch (error) {
    throw unsupportedTransferSyntax(ts, `its decoder ${codec.packageName} did not load (${(error as Error).message})`);
  }
  const Decoder = mod[codec.className];
  if (typeof Decoder !== 'function') throw unsupportedTransferSyntax(ts, `${codec.packageName} has no ${codec.className}`);
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // Copy out of the wasm heap: the decoder's memory is reused by the next frame.
    const bytes = new Uint8Array(decoder.getDecodedBuffer());
    return { bytes, width: info.width, height: info.height, components: info.componentCount, bitsPerSample: info.bitsPerSample };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badInput('pixelData', `the ${ts.name} frame could not be decoded (${message})`, { transferSyntaxUid: ts.uid });
  } finally {
    decoder.delete?.();
  }
}

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  frame: { dimX: number; dimY: number; numComp: number; precision: number };
}

function decodeLosslessJpeg(ts: TransferSyntax, data: Uint8Array, bitsAllocated: number): DecodedFrame {
  let Decoder: new () => LosslessDecoder;
  try {
    Decoder = (load('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder }).Decoder;
  } catch (error) {
    throw unsupportedTransferSyntax(ts, `its decoder jpeg-lossless-decoder-js did not load (${(error as Error).message})`);
  }
  const numBytes = bitsAllocated <= 8 ? 1 : 2;
  try {
    const decoder = new Decoder();
    const copy = data.slice();
    const out = decoder.decode(copy.buffer, 0, copy.byteLength, numBytes);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
    const { dimX, dimY, numComp, precision } = decoder.frame;
    return { bytes, width: dimX, height: dimY, components: numComp, bitsPerSample: precision };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badInput('pixelData', `the ${ts.name} frame could not be decoded (${message})`, { transferSyntaxUid: ts.uid });
  }
}

/** Decodes one compressed frame of a JPEG-family transfer syntax. */
export async function decodeCompressedFrame(ts: TransferSyntax, data: Uint8Array, bitsAllocated: number): Promise<DecodedFrame> {
  switch (ts.encoding) {
    case 'jpeg-baseline':
      if (bitsAllocated > 8) throw unsupportedTransferSyntax(ts, `the installed JPEG decoder reads 8-bit samples, this file has ${bitsAllocated} bits allocated`);
      return decodeWithWasm(ts, WASM_CODECS['jpeg-baseline'], data);
    case 'jpeg-ls':
    case 'jpeg-2000':
      return decodeWithWasm(ts, WASM_CODECS[ts.encoding], data);
    case 'jpeg-lossless':
      return decodeLosslessJpeg(ts, data, bitsAllocated);
    default:
      throw unsupportedTransferSyntax(ts, 'no decoder for its pixel data is installed');
  }
}
