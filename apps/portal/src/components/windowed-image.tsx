// A <canvas> that shows modality values through a window; redrawn in place whenever the window moves.
import { useEffect, useRef } from 'react';
import { renderWindowed, type PixelGrid, type WindowSetting } from './window-level';

export function WindowedImage({ grid, window: windowing, invert, label }: { grid: PixelGrid; window: WindowSetting; invert: boolean; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const buffer = useRef<Uint8ClampedArray<ArrayBuffer> | undefined>(undefined);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    buffer.current = renderWindowed(grid, windowing, invert, buffer.current);
    context.putImageData(new ImageData(buffer.current, grid.width, grid.height), 0, 0);
  }, [grid, windowing, invert]);

  return (
    <canvas
      ref={canvas}
      width={grid.width}
      height={grid.height}
      role="img"
      aria-label={label}
      data-testid="windowed-image"
      data-window={`${windowing.center}/${windowing.width}`}
    />
  );
}
