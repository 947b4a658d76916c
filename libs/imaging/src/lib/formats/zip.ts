import { inflateRawSync } from 'node:zlib';
import { badInput } from '@pmed/core';

/** Upper bound on one inflated entry: a zip bomb stops here instead of exhausting memory. */
const MAX_ENTRY_BYTES = 2 * 1024 ** 3 - 1;

/**
 * Reads the entries of a zip archive (stored or deflated; what numpy's savez/savez_compressed
 * write) from its central directory.
 */
export function readZipEntries(bytes: Uint8Array, name = 'file'): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw badInput(name, 'is not a zip archive (no end-of-central-directory record); expected a .npz file');
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let e = 0; e < entries; e++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw badInput(name, 'zip central directory is damaged');
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const entryName = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    // numpy writes zip64 records for large arrays; their real sizes sit in the extra field.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      const zip64 = readZip64({ view, start: at + 46 + nameLength, length: extraLength, size, compressedSize, localOffset });
      ({ size, compressedSize, localOffset } = zip64);
    }
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50) throw badInput(name, `zip entry ${entryName} is damaged`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > bytes.length) throw badInput(name, `zip entry ${entryName} is truncated`);
    const raw = bytes.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) out.set(entryName, raw);
    else if (method === 8) {
      if (size > MAX_ENTRY_BYTES) throw badInput(name, `zip entry ${entryName} inflates to ${size} bytes, over the limit`);
      try {
        out.set(entryName, new Uint8Array(inflateRawSync(raw, { maxOutputLength: Math.max(1, size) })));
      } catch (error) {
        throw badInput(name, `zip entry ${entryName} cannot be inflated: ${(error as Error).message}`);
      }
    } else throw badInput(name, `zip entry ${entryName} uses compression method ${method}; only stored and deflated are supported`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

interface Zip64Args {
  view: DataView;
  start: number;
  length: number;
  size: number;
  compressedSize: number;
  localOffset: number;
}

function readZip64(args: Zip64Args): { size: number; compressedSize: number; localOffset: number } {
  const { view, start, length } = args;
  let { size, compressedSize, localOffset } = args;
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const blockLength = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const next = (): number => {
        const v = Number(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    p += 4 + blockLength;
  }
  return { size, compressedSize, localOffset };
}
