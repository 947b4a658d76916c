import { crc32 } from 'node:zlib';
import type { ImageSet } from './npz';

/** A `.npy` (version 1.0) of float32 or uint8 values, C order. */
export function writeNpy(args: { values: Float32Array | Uint8Array | Int32Array; shape: number[] }): Buffer {
  const descr = args.values instanceof Float32Array ? '<f4' : args.values instanceof Int32Array ? '<i4' : '|u1';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${args.shape.join(', ')}${args.shape.length === 1 ? ',' : ''}), }`;
  // numpy pads the header so the data starts on a 64-byte boundary.
  header = header.padEnd(64 * Math.ceil((10 + header.length + 1) / 64) - 10 - 1, ' ') + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(args.values.buffer, args.values.byteOffset, args.values.byteLength)]);
}

/** A zip of stored (uncompressed) `.npy` entries, as numpy.savez writes. */
export function writeNpz(arrays: Record<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [key, data] of Object.entries(arrays)) {
    const name = Buffer.from(`${key}.npy`);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(arrays).length, 8);
  end.writeUInt16LE(Object.keys(arrays).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/** A MedMNIST-style archive (uint8 images, int32 labels of shape (n, 1)) from three image sets. */
export function writeMedMnist(sets: { train: ImageSet; val: ImageSet; test: ImageSet }): Buffer {
  const arrays: Record<string, Buffer> = {};
  for (const [split, set] of Object.entries(sets)) {
    const pixels = Uint8Array.from(set.images, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
    const shape = set.channels === 1 ? [set.count, set.height, set.width] : [set.count, set.height, set.width, 3];
    arrays[`${split}_images`] = writeNpy({ values: pixels, shape });
    arrays[`${split}_labels`] = writeNpy({ values: Int32Array.from(set.labels), shape: [set.count, 1] });
  }
  return writeNpz(arrays);
}
