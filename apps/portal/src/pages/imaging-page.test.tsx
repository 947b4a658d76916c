import { renderToStaticMarkup } from 'react-dom/server';
import { ImageViewer, type ImagePixels } from './imaging-page';

function ctPixels(overrides: Partial<ImagePixels> = {}): ImagePixels {
  // Four int16 Hounsfield values: air, water, soft tissue, bone.
  const values = new Uint8Array(8);
  [-1000, 0, 40, 1000].forEach((v, i) => new DataView(values.buffer).setInt16(2 * i, v, true));
  return {
    valuesBase64: btoa(String.fromCharCode(...values)),
    pixelType: 'int16',
    width: 2,
    height: 2,
    channels: 1,
    sourceWidth: 2,
    sourceHeight: 2,
    windowCenter: 40,
    windowWidth: 400,
    min: -1000,
    max: 1000,
    invert: false,
    photometricInterpretation: 'MONOCHROME2',
    modality: 'CT',
    ...overrides,
  };
}

describe('ImageViewer', () => {
  it('starts from the image’s own window, in modality units, with the heat map over a canvas', () => {
    const html = renderToStaticMarkup(<ImageViewer pixels={ctPixels()} heatMapPng="iVBORw0KGgo=" className="square" />);
    expect(html).toContain('<canvas width="2" height="2" role="img" aria-label="The uploaded image, window centre 40, width 400"');
    expect(html).toContain('data-window="40/400"');
    expect(html).toMatch(/Window centre 40(<!-- -->)? HU/);
    expect(html).toMatch(/<input id="window-center" type="range" min="-1000" max="1000" step="1" value="40"/);
    expect(html).toMatch(/<input id="window-width" type="range" min="1" max="4002" step="1" value="400"/);
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('opacity:0.4');
    expect(html).toContain('Default window');
  });

  it('says when it shows a MONOCHROME1 image inverted and a downsampled one smaller', () => {
    const html = renderToStaticMarkup(<ImageViewer pixels={ctPixels({ invert: true, photometricInterpretation: 'MONOCHROME1', sourceWidth: 4096, sourceHeight: 4096 })} heatMapPng="" className="x" />);
    expect(html).toContain('MONOCHROME1 (shown inverted: low values bright)');
    expect(html).toContain('shown at 2×2 of 4096×4096');
  });

  it('reports damaged pixel data instead of drawing it', () => {
    const html = renderToStaticMarkup(<ImageViewer pixels={ctPixels({ width: 3 })} heatMapPng="" className="x" />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Expected 6 int16 samples');
    expect(html).not.toContain('<canvas');
  });
});
