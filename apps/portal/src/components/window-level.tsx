// Window/level done in the browser: the gateway sends an image's modality values once (ImagePixels)
// and every slider move maps them to grey levels here, with no new request.

export type PixelType = 'uint8' | 'int16' | 'uint16' | 'float32';

/** A VOI window in modality units (CT: Hounsfield units), as DICOM's Window Center / Width. */
export interface WindowSetting {
  center: number;
  width: number;
}

/** Decoded ImagePixels: `height * width * channels` values, row-major, channels interleaved. */
export interface PixelGrid {
  width: number;
  height: number;
  channels: 1 | 3;
  values: Float32Array;
}

const BYTES_PER_SAMPLE: Record<PixelType, number> = { uint8: 1, int16: 2, uint16: 2, float32: 4 };

/** Base64 of little-endian samples (ImagePixels.valuesBase64) to numbers. */
export function decodeSamples(base64: string, type: PixelType, count: number): Float32Array {
  const size = BYTES_PER_SAMPLE[type];
  if (size === undefined) throw new Error(`Unknown pixel type ${String(type)}`);
  const binary = atob(base64);
  if (binary.length !== count * size) throw new Error(`Expected ${count} ${type} samples (${count * size} bytes), got ${binary.length} bytes`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (type === 'uint8') out[i] = bytes[i];
    else if (type === 'int16') out[i] = view.getInt16(2 * i, true);
    else if (type === 'uint16') out[i] = view.getUint16(2 * i, true);
    else out[i] = view.getFloat32(4 * i, true);
  }
  return out;
}

/**
 * DICOM PS3.3 C.11.2.1.2.1, linear VOI function, output in [0, 1]:
 *   x <= c - 0.5 - (w - 1) / 2  ->  0
 *   x >  c - 0.5 + (w - 1) / 2  ->  1
 *   else                        ->  ((x - (c - 0.5)) / (w - 1) + 0.5)
 * Window Width must be >= 1 (C.11.2.1.2.1); smaller or non-finite widths are taken as 1, which makes
 * the window a threshold at c - 0.5 (the middle branch is then never reached, so no division by 0).
 */
export function windowLevel(x: number, center: number, width: number): number {
  const w = Number.isFinite(width) && width > 1 ? width : 1;
  const lower = center - 0.5 - (w - 1) / 2;
  const upper = center - 0.5 + (w - 1) / 2;
  if (x <= lower) return 0;
  if (x > upper) return 1;
  return (x - (center - 0.5)) / (w - 1) + 0.5;
}

/**
 * Windows every value into 8-bit RGBA for a canvas (ImageData's layout). MONOCHROME1 images are
 * inverted after windowing, so that for them too higher values show brighter. Colour images get the
 * same window on each channel. `out` is reused when it has the right size.
 */
export function renderWindowed(grid: PixelGrid, window: WindowSetting, invert: boolean, out?: Uint8ClampedArray<ArrayBuffer>): Uint8ClampedArray<ArrayBuffer> {
  const pixels = grid.width * grid.height;
  const rgba = out && out.length === pixels * 4 ? out : new Uint8ClampedArray(pixels * 4);
  const { values, channels } = grid;
  const grey = (x: number) => {
    const y = windowLevel(x, window.center, window.width);
    return Math.round(255 * (invert ? 1 - y : y));
  };
  for (let p = 0; p < pixels; p++) {
    const o = 4 * p;
    if (channels === 1) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = grey(values[p]);
    } else {
      rgba[o] = grey(values[3 * p]);
      rgba[o + 1] = grey(values[3 * p + 1]);
      rgba[o + 2] = grey(values[3 * p + 2]);
    }
    rgba[o + 3] = 255;
  }
  return rgba;
}

/** The window that spans min..max exactly: the lowest value black, the highest white. */
export function fullRangeWindow(min: number, max: number): WindowSetting {
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  return { center: (lo + hi + 1) / 2, width: Math.max(1, hi - lo + 1) };
}

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

/**
 * Slider bounds for an image: the centre over the value range, the width from 1 (a threshold) to twice
 * the range; both stretched to include the starting window, with whole steps for integer data.
 */
export function windowSliderRanges(stats: { min: number; max: number; integer: boolean }, start: WindowSetting): { center: SliderRange; width: SliderRange } {
  const span = Math.max(1, stats.max - stats.min + 1);
  const step = stats.integer ? 1 : Number((span / 1000).toPrecision(2));
  return {
    center: { min: Math.min(stats.min, Math.floor(start.center)), max: Math.max(stats.max, Math.ceil(start.center)), step },
    width: { min: 1, max: Math.max(2 * span, Math.ceil(start.width)), step },
  };
}
