import { createRng } from '@pmed/tensor';
import type { ImageSet } from './formats/npz';

export interface SyntheticSquares extends ImageSet {
  /** Where each class-1 image's square is (null for class 0). */
  boxes: ({ x: number; y: number; width: number; height: number } | null)[];
}

/**
 * Grey noise images; class 1 carries a bright square at a random place. A known-answer data set for
 * training smoke tests and for checking that Grad-CAM points at the square.
 */
export function syntheticSquares(args: { count: number; size: number; square: number; seed: number }): SyntheticSquares {
  const { count, size, square, seed } = args;
  const rng = createRng(seed);
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  const boxes: SyntheticSquares['boxes'] = [];
  for (let i = 0; i < count; i++) {
    const base = i * size * size;
    for (let p = 0; p < size * size; p++) images[base + p] = 0.1 + 0.2 * rng.next();
    labels[i] = i % 2;
    if (labels[i] === 1) {
      const x = rng.int(size - square + 1);
      const y = rng.int(size - square + 1);
      for (let dy = 0; dy < square; dy++) for (let dx = 0; dx < square; dx++) images[base + (y + dy) * size + x + dx] = 0.8 + 0.2 * rng.next();
      boxes.push({ x, y, width: square, height: square });
    } else boxes.push(null);
  }
  return { images, labels, count, height: size, width: size, channels: 1, boxes };
}
