import { badInput } from '@pmed/core';

/** An array read from a `.npy` file, as float32 (images, labels) with its shape. */
export interface NpyArray {
  shape: number[];
  /** The numpy dtype it was stored as, e.g. `|u1`, `<i8`, `<f4`. */
  dtype: string;
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Reads NumPy's `.npy` format (versions 1-3), C order, numeric dtypes. */
export function readNpy(bytes: Uint8Array, name = 'array'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw badInput(name, 'is not a .npy array (bad magic bytes)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw badInput(name, '.npy header is truncated');
  const header = Buffer.from(bytes.subarray(headerStart, headerStart + headerLength)).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw badInput(name, `.npy header is malformed: ${header.trim()}`);
  if (fortran === 'True') throw badInput(name, 'Fortran-ordered .npy arrays are not supported; save with C order');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw badInput(name, `.npy shape (${shapeText}) is invalid`);
  const count = shape.reduce((a, d) => a * d, 1);
  const offset = headerStart + headerLength;
  return { shape, dtype: descr, data: decodeValues({ bytes: bytes.subarray(offset), dtype: descr, count, name }) };
}

function decodeValues(args: { bytes: Uint8Array; dtype: string; count: number; name: string }): Float32Array {
  const { bytes, dtype, count, name } = args;
  const match = /^([<>|=])([uifb])(\d+)$/.exec(dtype);
  if (!match) throw badInput(name, `.npy dtype ${dtype} is not supported (numeric dtypes only)`);
  const [, order, kind, sizeText] = match;
  const size = Number(sizeText);
  if (bytes.length < count * size) throw badInput(name, `.npy data is truncated: ${count} values of ${size} bytes need ${count * size}, found ${bytes.length}`);
  const little = order !== '>';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = reader(kind, size, little, view);
  if (!read) throw badInput(name, `.npy dtype ${dtype} is not supported`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = read(i * size);
  return out;
}

function reader(kind: string, size: number, little: boolean, view: DataView): ((at: number) => number) | null {
  const key = `${kind}${size}`;
  switch (key) {
    case 'u1':
    case 'b1':
      return (at) => view.getUint8(at);
    case 'i1':
      return (at) => view.getInt8(at);
    case 'u2':
      return (at) => view.getUint16(at, little);
    case 'i2':
      return (at) => view.getInt16(at, little);
    case 'u4':
      return (at) => view.getUint32(at, little);
    case 'i4':
      return (at) => view.getInt32(at, little);
    case 'u8':
      return (at) => Number(view.getBigUint64(at, little));
    case 'i8':
      return (at) => Number(view.getBigInt64(at, little));
    case 'f4':
      return (at) => view.getFloat32(at, little);
    case 'f8':
      return (at) => view.getFloat64(at, little);
    default:
      return null;
  }
}
