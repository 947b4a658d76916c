import { badInput } from '@pmed/core';

export interface RleFrameInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

/**
 * Decodes one DICOM RLE Lossless frame (PS3.5 Annex G) into interleaved little-endian samples.
 * Each segment holds one byte plane: for every sample, its most significant byte first.
 */
export function decodeRleFrame(frame: Uint8Array, info: RleFrameInfo): Uint8Array {
  const bytesPerSample = info.bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample) || bytesPerSample < 1) {
    throw badInput('pixelData', `RLE with ${info.bitsAllocated} bits allocated is not supported`);
  }
  if (frame.length < 64) throw badInput('pixelData', `RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const expected = info.samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw badInput('pixelData', `RLE frame has ${segments} segments; ${info.samplesPerPixel} samples of ${info.bitsAllocated} bits need ${expected}`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  offsets.push(frame.length);
  const pixels = info.rows * info.columns;
  const stride = expected;
  const out = new Uint8Array(pixels * stride);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s];
    const end = offsets[s + 1];
    if (start < 64 || end > frame.length || start > end) throw badInput('pixelData', `RLE segment ${s} has a bad offset (${start})`);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const plane = decodePackBits(frame.subarray(start, end), pixels, s);
    for (let p = 0; p < pixels; p++) out[p * stride + sample * bytesPerSample + byteInSample] = plane[p];
  }
  return out;
}

/** PackBits: a header byte n >= 0 copies n+1 literal bytes; -127..-1 repeats the next byte 1-n times; -128 is a no-op. */
function decodePackBits(data: Uint8Array, length: number, segment: number): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  let o = 0;
  while (o < length && i < data.length) {
    const n = (data[i++] << 24) >> 24;
    if (n >= 0) {
      const count = n + 1;
      if (i + count > data.length) throw badInput('pixelData', `RLE segment ${segment} is truncated`);
      out.set(data.subarray(i, i + Math.min(count, length - o)), o);
      i += count;
      o += count;
    } else if (n !== -128) {
      if (i >= data.length) throw badInput('pixelData', `RLE segment ${segment} is truncated`);
      const count = 1 - n;
      out.fill(data[i++], o, Math.min(o + count, length));
      o += count;
    }
  }
  if (o < length) throw badInput('pixelData', `RLE segment ${segment} decodes to ${o} bytes, the frame needs ${length}`);
  return out;
}
