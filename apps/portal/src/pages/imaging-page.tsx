import { useMemo, useState, type FormEvent } from 'react';
import { useAction } from '../api/use-gql';
import { ErrorMessage, Loading, percent } from '../components/status';
import { decodeSamples, fullRangeWindow, windowSliderRanges, type PixelGrid, type PixelType, type WindowSetting } from '../components/window-level';
import { WindowedImage } from '../components/windowed-image';

const CLASSIFY = `mutation Classify($input: ClassifyImageInput!) {
  classifyImage(input: $input) {
    label className modelName modelVersion gradCamLayer gradCamHeatMapPng inputFormat width height
    probabilities { classIndex className probability calibratedProbability }
    pixels { valuesBase64 pixelType width height channels sourceWidth sourceHeight windowCenter windowWidth min max invert photometricInterpretation modality }
  }
}`;

/** ImagePixels: the image's modality values, windowed here rather than on the gateway. */
export interface ImagePixels {
  valuesBase64: string;
  pixelType: PixelType;
  width: number;
  height: number;
  channels: number;
  sourceWidth: number;
  sourceHeight: number;
  windowCenter: number;
  windowWidth: number;
  min: number;
  max: number;
  invert: boolean;
  photometricInterpretation: string | null;
  modality: string | null;
}

interface Classification {
  label: number;
  className: string;
  modelName: string;
  modelVersion: number;
  gradCamLayer: string;
  gradCamHeatMapPng: string;
  inputFormat: string;
  width: number;
  height: number;
  probabilities: { classIndex: number; className: string; probability: number; calibratedProbability: number }[];
  pixels: ImagePixels;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

const formatValue = (v: number) => String(Number(v.toPrecision(5)));

/**
 * The classified image on a canvas, windowed in the browser as the sliders move (no request), with the
 * Grad-CAM heat map laid over it at an adjustable opacity.
 */
export function ImageViewer({ pixels, heatMapPng, className }: { pixels: ImagePixels; heatMapPng: string; className: string }) {
  const initial: WindowSetting = { center: pixels.windowCenter, width: pixels.windowWidth };
  const [windowing, setWindowing] = useState<WindowSetting>(initial);
  const [opacity, setOpacity] = useState(0.4);
  // A new image starts from its own window.
  const [shownFor, setShownFor] = useState(pixels);
  if (shownFor !== pixels) {
    setShownFor(pixels);
    setWindowing(initial);
  }
  const decoded = useMemo((): { grid: PixelGrid } | { error: unknown } => {
    try {
      const channels = pixels.channels === 3 ? 3 : 1;
      return { grid: { width: pixels.width, height: pixels.height, channels, values: decodeSamples(pixels.valuesBase64, pixels.pixelType, pixels.width * pixels.height * channels) } };
    } catch (error) {
      return { error };
    }
  }, [pixels]);
  const ranges = windowSliderRanges({ min: pixels.min, max: pixels.max, integer: pixels.pixelType !== 'float32' }, initial);
  const unit = pixels.modality === 'CT' ? ' HU' : '';
  if ('error' in decoded) return <ErrorMessage error={decoded.error} />;
  return (
    <div>
      <div className="overlay-stack" style={{ aspectRatio: `${pixels.width} / ${pixels.height}` }}>
        <WindowedImage grid={decoded.grid} window={windowing} invert={pixels.invert} label={`The uploaded image, window centre ${formatValue(windowing.center)}, width ${formatValue(windowing.width)}`} />
        <img src={`data:image/png;base64,${heatMapPng}`} alt={`Grad-CAM heat map for ${className} over the image`} style={{ opacity }} data-testid="gradcam-overlay" />
      </div>
      <div className="form-grid window-controls">
        <label htmlFor="overlay-opacity">Heat map opacity {Math.round(opacity * 100)}%</label>
        <input id="overlay-opacity" type="range" min={0} max={1} step={0.05} value={opacity} onChange={(event) => setOpacity(Number(event.target.value))} />
        <label htmlFor="window-center">
          Window centre {formatValue(windowing.center)}
          {unit}
        </label>
        <input
          id="window-center"
          type="range"
          {...ranges.center}
          value={windowing.center}
          onChange={(event) => setWindowing((w) => ({ ...w, center: Number(event.target.value) }))}
        />
        <label htmlFor="window-width">
          Window width {formatValue(windowing.width)}
          {unit}
        </label>
        <input id="window-width" type="range" {...ranges.width} value={windowing.width} onChange={(event) => setWindowing((w) => ({ ...w, width: Number(event.target.value) }))} />
      </div>
      <p className="actions">
        <button type="button" onClick={() => setWindowing(initial)}>
          Default window
        </button>
        <button type="button" onClick={() => setWindowing(fullRangeWindow(pixels.min, pixels.max))}>
          Full range
        </button>
      </p>
      <p className="muted">
        Values {formatValue(pixels.min)} to {formatValue(pixels.max)}
        {unit}
        {pixels.photometricInterpretation ? `, ${pixels.photometricInterpretation}${pixels.invert ? ' (shown inverted: low values bright)' : ''}` : ''}
        {pixels.width !== pixels.sourceWidth || pixels.height !== pixels.sourceHeight ? `; shown at ${pixels.width}×${pixels.height} of ${pixels.sourceWidth}×${pixels.sourceHeight}` : ''}. The window is
        applied in the browser.
      </p>
    </div>
  );
}

export function ImagingPage() {
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const classify = useAction<{ classifyImage: Classification }>(CLASSIFY);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setReadError(null);
    try {
      const imageBase64 = await readBase64(file);
      await classify.run({ input: { imageBase64 } });
    } catch (error) {
      setReadError(error);
    }
  };
  const result = classify.data?.classifyImage;

  return (
    <section>
      <h1>Imaging</h1>
      <form className="form-grid" onSubmit={(event) => void submit(event)}>
        <label htmlFor="image-file">Image (DICOM, PNG or JPEG)</label>
        <input
          id="image-file"
          type="file"
          accept=".dcm,.dicom,application/dicom,image/png,image/jpeg"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            classify.reset();
          }}
        />
        <button type="submit" disabled={!file || classify.running}>
          Classify
        </button>
      </form>
      {classify.running ? <Loading label="Classifying and computing Grad-CAM…" /> : null}
      <ErrorMessage error={readError ?? classify.error} />
      {result ? (
        <div className="imaging-result">
          <ImageViewer pixels={result.pixels} heatMapPng={result.gradCamHeatMapPng} className={result.className} />
          <div>
            <h2>
              Prediction: <span data-testid="prediction">{result.className}</span>
            </h2>
            <p className="muted">
              Model {result.modelName} v{result.modelVersion}, Grad-CAM on {result.gradCamLayer}, {result.inputFormat} {result.width}×{result.height}
            </p>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Calibrated</th>
                  <th scope="col">Raw</th>
                </tr>
              </thead>
              <tbody>
                {result.probabilities.map((p) => (
                  <tr key={p.classIndex} aria-current={p.classIndex === result.label ? 'true' : undefined}>
                    <td>{p.className}</td>
                    <td>{percent(p.calibratedProbability)}</td>
                    <td>{percent(p.probability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
