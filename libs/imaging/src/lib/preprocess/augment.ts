import { badInput } from '@pmed/core';
import type { Rng } from '@pmed/tensor';

/** Random changes applied to training batches only; each is off when left out or zero. */
export interface AugmentationOptions {
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  /** Largest rotation either way, in degrees. */
  maxRotationDegrees?: number;
  /** Largest shift either way, as a share of the side. */
  maxShift?: number;
  /** Largest relative change of contrast and offset of brightness (in normalised units). */
  intensityJitter?: number;
}

/** Mild defaults for grey medical images: no vertical flip (anatomy has an up), small geometry. */
export const DEFAULT_AUGMENTATION: Required<AugmentationOptions> = {
  horizontalFlip: true,
  verticalFlip: false,
  maxRotationDegrees: 10,
  maxShift: 0.1,
  intensityJitter: 0.1,
};

export function checkAugmentation(options: AugmentationOptions): void {
  const bounds: [keyof AugmentationOptions, number][] = [
    ['maxRotationDegrees', 45],
    ['maxShift', 0.5],
    ['intensityJitter', 1],
  ];
  for (const [key, max] of bounds) {
    const v = options[key] as number | undefined;
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > max)) throw badInput(`augmentation.${key}`, `must lie in [0, ${max}], got ${v}`);
  }
}

/**
 * Returns an augmented copy of a batch (`[n, h, w, c]`, normalised values). Each image gets its own
 * flip, rotation about the centre, shift and intensity change, all drawn from `rng`, so a seed
 * fixes the whole sequence. Pixels that come from outside the image repeat the nearest edge.
 */
export function augmentBatch(args: { x: Float32Array; shape: [number, number, number, number]; options: AugmentationOptions; rng: Rng }): Float32Array {
  const { x, options, rng } = args;
  const [n, h, w, c] = args.shape;
  const out = new Float32Array(x.length);
  const size = h * w * c;
  const maxAngle = ((options.maxRotationDegrees ?? 0) * Math.PI) / 180;
  const maxShift = options.maxShift ?? 0;
  const jitter = options.intensityJitter ?? 0;
  for (let i = 0; i < n; i++) {
    const flipX = options.horizontalFlip === true && rng.next() < 0.5;
    const flipY = options.verticalFlip === true && rng.next() < 0.5;
    const angle = (2 * rng.next() - 1) * maxAngle;
    const dx = (2 * rng.next() - 1) * maxShift * w;
    const dy = (2 * rng.next() - 1) * maxShift * h;
    const gain = 1 + (2 * rng.next() - 1) * jitter;
    const offset = (2 * rng.next() - 1) * jitter;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const cx = (w - 1) / 2;
    const cy = (h - 1) / 2;
    const src = x.subarray(i * size, (i + 1) * size);
    const dst = out.subarray(i * size, (i + 1) * size);
    for (let y = 0; y < h; y++) {
      for (let xo = 0; xo < w; xo++) {
        // Inverse map: where in the source this output pixel comes from.
        const ux = xo - cx - dx;
        const uy = y - cy - dy;
        let sx = cos * ux + sin * uy + cx;
        let sy = -sin * ux + cos * uy + cy;
        if (flipX) sx = w - 1 - sx;
        if (flipY) sy = h - 1 - sy;
        sx = Math.min(w - 1, Math.max(0, sx));
        sy = Math.min(h - 1, Math.max(0, sy));
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const x1 = Math.min(w - 1, x0 + 1);
        const y1 = Math.min(h - 1, y0 + 1);
        const wx = sx - x0;
        const wy = sy - y0;
        for (let k = 0; k < c; k++) {
          const a = src[(y0 * w + x0) * c + k];
          const b = src[(y0 * w + x1) * c + k];
          const d = src[(y1 * w + x0) * c + k];
          const e = src[(y1 * w + x1) * c + k];
          const v = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
          dst[(y * w + xo) * c + k] = v * gain + offset;
        }
      }
    }
  }
  return out;
}
