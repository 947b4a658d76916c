import { useEffect, useState, type FormEvent } from 'react';
import { useAction } from '../api/use-gql';
import { ErrorMessage, Loading, percent } from '../components/status';

const CLASSIFY = `mutation Classify($input: ClassifyImageInput!) {
  classifyImage(input: $input) {
    label className modelName modelVersion gradCamLayer gradCamOverlayPng inputFormat width height
    probabilities { classIndex className probability calibratedProbability }
  }
}`;

interface Classification {
  label: number;
  className: string;
  modelName: string;
  modelVersion: number;
  gradCamLayer: string;
  gradCamOverlayPng: string;
  inputFormat: string;
  width: number;
  height: number;
  probabilities: { classIndex: number; className: string; probability: number; calibratedProbability: number }[];
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

const isDicom = (file: File) => /\.(dcm|dicom)$/i.test(file.name) || file.type === 'application/dicom' || !/^image\//.test(file.type);

export function ImagingPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [windowCenter, setWindowCenter] = useState('');
  const [windowWidth, setWindowWidth] = useState('');
  const [opacity, setOpacity] = useState(0.7);
  const [readError, setReadError] = useState<unknown>(null);
  const classify = useAction<{ classifyImage: Classification }>(CLASSIFY);

  useEffect(() => {
    if (!file || isDicom(file)) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setReadError(null);
    try {
      const imageBase64 = await readBase64(file);
      const windowing = windowCenter && windowWidth ? { windowCenter: Number(windowCenter), windowWidth: Number(windowWidth) } : {};
      await classify.run({ input: { imageBase64, ...windowing } });
    } catch (error) {
      setReadError(error);
    }
  };
  const result = classify.data?.classifyImage;
  const dicom = file ? isDicom(file) : false;

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
        <label htmlFor="window-center">Window centre (DICOM)</label>
        <input id="window-center" type="number" value={windowCenter} onChange={(event) => setWindowCenter(event.target.value)} disabled={!dicom} />
        <label htmlFor="window-width">Window width (DICOM)</label>
        <input id="window-width" type="number" min={1} value={windowWidth} onChange={(event) => setWindowWidth(event.target.value)} disabled={!dicom} />
        <button type="submit" disabled={!file || classify.running}>
          Classify
        </button>
      </form>
      {classify.running ? <Loading label="Classifying and computing Grad-CAM…" /> : null}
      <ErrorMessage error={readError ?? classify.error} />
      {result ? (
        <div className="imaging-result">
          <div>
            <div className="overlay-stack" style={{ aspectRatio: `${result.width} / ${result.height}` }}>
              {preview ? <img src={preview} alt="The uploaded image" /> : null}
              <img
                src={`data:image/png;base64,${result.gradCamOverlayPng}`}
                alt={`Grad-CAM heat map for ${result.className} over the image`}
                style={{ opacity }}
                data-testid="gradcam-overlay"
              />
            </div>
            <label htmlFor="overlay-opacity">Heat map opacity {Math.round(opacity * 100)}%</label>
            <input id="overlay-opacity" type="range" min={0} max={1} step={0.05} value={opacity} onChange={(event) => setOpacity(Number(event.target.value))} />
            {dicom ? <p className="muted">For DICOM the overlay carries the windowed image itself; change the window and classify again.</p> : null}
          </div>
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
