import { debounce } from './debounce';
import { decodeSamples, fullRangeWindow, renderWindowed, windowLevel, windowSliderRanges } from './window-level';

const base64Of = (bytes: ArrayLike<number>) => btoa(String.fromCharCode(...Array.from(bytes)));

describe('windowLevel (DICOM PS3.3 C.11.2.1.2.1 linear VOI)', () => {
  it('maps a CT soft-tissue window (centre 40, width 400 HU) with the standard formula', () => {
    // Lower edge c - 0.5 - (w - 1) / 2 = -160, upper edge c - 0.5 + (w - 1) / 2 = 239.
    expect(windowLevel(-1000, 40, 400)).toBe(0);
    expect(windowLevel(-160, 40, 400)).toBe(0);
    expect(windowLevel(-159, 40, 400)).toBeCloseTo(0.5 + -198.5 / 399, 12);
    expect(windowLevel(39.5, 40, 400)).toBe(0.5);
    expect(windowLevel(239, 40, 400)).toBeCloseTo(1, 12);
    expect(windowLevel(239.01, 40, 400)).toBe(1);
    expect(windowLevel(3000, 40, 400)).toBe(1);
    // Monotonic inside the window.
    expect(windowLevel(0, 40, 400)).toBeLessThan(windowLevel(100, 40, 400));
  });

  it('makes width 1 a threshold at centre - 0.5, and treats widths below 1 (and non-finite ones) as 1', () => {
    expect(windowLevel(99.5, 100, 1)).toBe(0);
    expect(windowLevel(99.51, 100, 1)).toBe(1);
    for (const width of [0.5, 0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect([windowLevel(99, 100, width), windowLevel(99.5, 100, width), windowLevel(100, 100, width)]).toEqual([0, 0, 1]);
    }
    // Width 2: one value at mid-grey between the two edges.
    expect([windowLevel(99, 100, 2), windowLevel(99.5, 100, 2), windowLevel(100, 100, 2)]).toEqual([0, 0.5, 1]);
  });
});

describe('renderWindowed', () => {
  const grid = { width: 3, height: 1, channels: 1 as const, values: Float32Array.from([-1000, 0, 1000]) };

  it('draws grey values as opaque RGBA', () => {
    const rgba = renderWindowed(grid, fullRangeWindow(-1000, 1000), false);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('inverts MONOCHROME1 after windowing, so its low values are bright', () => {
    const rgba = renderWindowed(grid, fullRangeWindow(-1000, 1000), true);
    expect([rgba[0], rgba[4], rgba[8]]).toEqual([255, 128, 0]);
    // Outside a narrow window the inversion still applies: below is white, above black.
    const narrow = renderWindowed(grid, { center: 0, width: 10 }, true);
    expect([narrow[0], narrow[8]]).toEqual([255, 0]);
  });

  it('changes the pixels when the window moves, reusing the buffer it is given', () => {
    const first = renderWindowed(grid, { center: 0, width: 2000 }, false);
    const before = Array.from(first);
    const second = renderWindowed(grid, { center: 500, width: 200 }, false, first);
    expect(second).toBe(first);
    expect(Array.from(second)).not.toEqual(before);
    expect(Array.from(second.slice(0, 12))).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
  });

  it('windows each channel of a colour image; the nominal 8-bit window leaves it unchanged', () => {
    const colour = { width: 1, height: 1, channels: 3 as const, values: Float32Array.from([255, 128, 0]) };
    expect(Array.from(renderWindowed(colour, fullRangeWindow(0, 255), false))).toEqual([255, 128, 0, 255]);
  });
});

describe('decodeSamples', () => {
  it('reads every pixel type little-endian', () => {
    expect(Array.from(decodeSamples(base64Of([0, 7, 255]), 'uint8', 3))).toEqual([0, 7, 255]);
    expect(Array.from(decodeSamples(base64Of([0x00, 0xfc, 0xff, 0x0b]), 'int16', 2))).toEqual([-1024, 3071]);
    expect(Array.from(decodeSamples(base64Of([0xff, 0xff]), 'uint16', 1))).toEqual([65535]);
    const float = new Uint8Array(4);
    new DataView(float.buffer).setFloat32(0, -2.5, true);
    expect(Array.from(decodeSamples(base64Of(float), 'float32', 1))).toEqual([-2.5]);
  });

  it('refuses a payload of the wrong size or type', () => {
    expect(() => decodeSamples(base64Of([1, 2, 3]), 'int16', 2)).toThrow(/Expected 2 int16 samples/);
    expect(() => decodeSamples(base64Of([1]), 'int64' as never, 1)).toThrow(/Unknown pixel type/);
  });
});

describe('window sliders', () => {
  it('span the value range and include the starting window', () => {
    expect(fullRangeWindow(-1024, 3071)).toEqual({ center: 1024, width: 4096 });
    expect(fullRangeWindow(5, 5)).toEqual({ center: 5.5, width: 1 });
    const ranges = windowSliderRanges({ min: -1024, max: 1000, integer: true }, { center: 1500, width: 6000 });
    expect(ranges.center).toEqual({ min: -1024, max: 1500, step: 1 });
    expect(ranges.width).toEqual({ min: 1, max: 6000, step: 1 });
    expect(windowSliderRanges({ min: 0, max: 1, integer: false }, { center: 0.5, width: 1 }).center.step).toBe(0.002);
  });
});

describe('debounce', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls once with the latest arguments after the pause, and not at all once cancelled', () => {
    const seen: string[] = [];
    const debounced = debounce((s: string) => seen.push(s), 400);
    debounced.call('C');
    jest.advanceTimersByTime(200);
    debounced.call('CC');
    jest.advanceTimersByTime(399);
    expect(seen).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(seen).toEqual(['CC']);
    debounced.call('CCO');
    debounced.cancel();
    jest.advanceTimersByTime(1000);
    expect(seen).toEqual(['CC']);
  });
});
