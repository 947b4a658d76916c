import { badInput } from '@pmed/core';

/** A VOI window in modality units (CT: Hounsfield units), as DICOM's Window Center / Width. */
export interface WindowSetting {
  center: number;
  width: number;
}

export function checkWindow(window: WindowSetting): WindowSetting {
  if (!Number.isFinite(window.center)) throw badInput('window.center', `must be a finite number, got ${window.center}`);
  if (!Number.isFinite(window.width) || window.width < 1) throw badInput('window.width', `must be a number >= 1, got ${window.width}`);
  return window;
}

/** The whole value range as a window, for images that carry none. */
export function fullRangeWindow(values: Float32Array): WindowSetting {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { center: (min + max) / 2 + 0.5, width: Math.max(1, max - min + 1) };
}

/**
 * Maps modality values to [0, 1] with DICOM's linear VOI function (PS3.3 C.11.2.1.2.1);
 * MONOCHROME1 images are inverted so that higher values always display brighter.
 */
export function applyWindow(values: Float32Array, window: WindowSetting, invert: boolean): Float32Array {
  const { center: c, width: w } = checkWindow(window);
  const out = new Float32Array(values.length);
  const low = c - 0.5 - (w - 1) / 2;
  const high = c - 0.5 + (w - 1) / 2;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let y: number;
    if (x <= low) y = 0;
    else if (x > high) y = 1;
    else y = w === 1 ? 1 : (x - (c - 0.5)) / (w - 1) + 0.5;
    out[i] = invert ? 1 - y : y;
  }
  return out;
}
