// The model registry of every module: pick a model to see its metrics, ROC and reliability plots,
// training curves and model card, all from what its training job stored with the model version.
import { useId, useState, type ReactNode } from 'react';
import { useQuery } from '../api/use-gql';
import { LineChart, type Point, type Series } from '../components/line-chart';
import { ErrorMessage, Loading, formatDateTime } from '../components/status';
import { Link } from '../router';

export const MODULES: { value: string; label: string }[] = [
  { value: 'imaging', label: 'Imaging' },
  { value: 'case-prediction', label: 'Case prediction' },
  { value: 'drug-generation', label: 'Drug generation' },
  { value: 'recommender', label: 'Recommender' },
  { value: 'nlp', label: 'Language models' },
];

const MODEL_VERSIONS = `query ModelVersions($module: String) { modelVersions(module: $module, limit: 50) { id module name version status createdAt } }`;
const MODEL_VERSION = `query ModelVersion($id: ID!) { modelVersion(id: $id) { id module name version status metrics modelCard parameters trainingData jobId createdAt } }`;

export interface ModelSummary {
  id: string;
  module: string;
  name: string;
  version: number;
  status: string;
  createdAt: string;
}

export interface ModelVersion extends ModelSummary {
  metrics: Record<string, unknown> | null;
  modelCard: unknown;
  parameters: unknown;
  trainingData: unknown;
  jobId: string | null;
}

/** Metrics that hold plot data rather than figures: drawn, not listed. */
const PLOT_KEYS = new Set(['rocCurve', 'reliability', 'history', 'ganHistory']);

export function moduleLabel(module: string): string {
  return MODULES.find((m) => m.value === module)?.label ?? module;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ROC and reliability curves stored with a model's metrics (`rocCurve: {fpr, tpr}`, `reliability: bins[]`). */
export function metricCurves(metrics: Record<string, unknown> | null): { roc: Point[]; reliability: Point[] } {
  const roc = metrics?.['rocCurve'] as { fpr?: unknown; tpr?: unknown } | undefined;
  const fpr = Array.isArray(roc?.fpr) ? (roc.fpr as number[]) : [];
  const tpr = Array.isArray(roc?.tpr) ? (roc.tpr as number[]) : [];
  const bins = Array.isArray(metrics?.['reliability']) ? (metrics['reliability'] as { meanPredicted?: number; observed?: number; count?: number }[]) : [];
  return {
    roc: fpr.map((x, i) => ({ x, y: tpr[i] ?? 0 })),
    reliability: bins.filter((b) => (b.count ?? 1) > 0 && typeof b.meanPredicted === 'number' && typeof b.observed === 'number').map((b) => ({ x: b.meanPredicted as number, y: b.observed as number })),
  };
}

/** One chart per stored history: losses apart from other per-epoch metrics, whose scale differs. */
export function historyCharts(metrics: Record<string, unknown> | null): { title: string; series: Series[] }[] {
  const charts: { title: string; series: Series[] }[] = [];
  const add = (key: string, what: string) => {
    const history = metrics?.[key];
    if (!isRecord(history)) return;
    const series = Object.entries(history)
      .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
      .map(([name, values]) => ({ name, points: values.flatMap((y, i) => (typeof y === 'number' && Number.isFinite(y) ? [{ x: i + 1, y }] : [])) }))
      .filter((s) => s.points.length > 0);
    const losses = series.filter((s) => s.name.includes('loss'));
    const others = series.filter((s) => !s.name.includes('loss'));
    if (losses.length) charts.push({ title: `${what}: loss per epoch`, series: losses });
    // A lone series gets no legend: its name goes in the title.
    if (others.length) charts.push({ title: `${what}: ${others.length === 1 ? others[0].name : 'metrics'} per epoch`, series: others });
  };
  add('history', 'Training');
  add('ganHistory', 'LatentGAN training');
  return charts;
}

/** The figures of a model's metrics as table rows; nested objects give dotted names (doctor.rmse, aurocInterval.lower). */
export function metricRows(metrics: Record<string, unknown> | null): [string, number][] {
  const rows: [string, number][] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (typeof value === 'number' && Number.isFinite(value)) rows.push([path, value]);
    else if (isRecord(value) && depth < 3) for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key, depth + 1);
  };
  for (const [key, value] of Object.entries(metrics ?? {})) if (!PLOT_KEYS.has(key)) walk(value, key, 0);
  return rows;
}

export function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 || Math.abs(value) < 0.001 ? value.toPrecision(4) : value.toFixed(4);
}

/** camelCase and snake_case keys as words: intendedUse -> "Intended use". */
export function humanize(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function CardValue({ value, depth }: { value: unknown; depth: number }): ReactNode {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatMetric(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
      return value.some((v) => typeof v === 'string' && v.length > 60) ? (
        <ul>
          {value.map((v, i) => (
            <li key={i}>{String(v)}</li>
          ))}
        </ul>
      ) : (
        value.map((v) => (typeof v === 'number' ? formatMetric(v) : String(v))).join(', ')
      );
    }
    return <code>{JSON.stringify(value)}</code>;
  }
  if (isRecord(value) && depth < 4) {
    return (
      <dl className="model-card">
        {Object.entries(value).map(([key, inner]) => (
          <div key={key}>
            <dt>{humanize(key)}</dt>
            <dd>
              <CardValue value={inner} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <code>{JSON.stringify(value)}</code>;
}

/** A model card (intended use, data, metrics, limitations, ...) as nested definition lists. */
export function ModelCardView({ card }: { card: unknown }) {
  if (card === null || card === undefined) return <p className="muted">This model version has no model card.</p>;
  if (typeof card === 'string') return <pre>{card}</pre>;
  return <CardValue value={card} depth={0} />;
}

const DIAGONAL = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

/** Everything the registry shows about one model version, from its stored row. */
export function ModelVersionView({ model }: { model: ModelVersion }) {
  const headingId = useId();
  const curves = metricCurves(model.metrics);
  const training = historyCharts(model.metrics);
  const rows = metricRows(model.metrics);
  const auc = [model.metrics?.['auc'], model.metrics?.['auroc']].find((v): v is number => typeof v === 'number');
  const hasPlots = curves.roc.length > 1 || curves.reliability.length > 0 || training.length > 0;
  return (
    <article className="panel model" aria-labelledby={headingId} data-testid="model-detail">
      <h3 id={headingId}>
        {moduleLabel(model.module)} / {model.name} v{model.version} <span className={`badge status-${model.status}`}>{model.status}</span>
      </h3>
      <p className="muted">
        Registered {formatDateTime(model.createdAt)}
        {model.jobId ? (
          <>
            {' '}
            by job <Link to={`/jobs?job=${encodeURIComponent(model.jobId)}`}>{model.jobId.slice(0, 10)}</Link>
          </>
        ) : null}
      </p>
      {rows.length > 0 ? (
        <table className="data metrics">
          <caption>Metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{formatMetric(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No metrics were stored with this model version.</p>
      )}
      {hasPlots ? (
        <div className="chart-grid">
          {curves.roc.length > 1 ? (
            <LineChart
              title={auc === undefined ? 'ROC curve' : `ROC curve (AUC ${auc.toFixed(3)})`}
              description={`True against false positive rate over ${curves.roc.length} thresholds; the dashed diagonal is a model no better than chance.`}
              xLabel="false positive rate"
              yLabel="true positive rate"
              xDomain={[0, 1]}
              yDomain={[0, 1]}
              series={[
                { name: 'model', points: curves.roc },
                { name: 'chance', points: DIAGONAL, colour: '#888', dashed: true },
              ]}
            />
          ) : null}
          {curves.reliability.length > 0 ? (
            <LineChart
              title="Reliability diagram"
              description={`Observed frequency against mean predicted probability in ${curves.reliability.length} bins; the dashed identity line is perfect calibration.`}
              xLabel="mean predicted probability"
              yLabel="observed frequency"
              xDomain={[0, 1]}
              yDomain={[0, 1]}
              series={[
                { name: 'model', points: curves.reliability },
                { name: 'perfect calibration', points: DIAGONAL, colour: '#888', dashed: true },
              ]}
            />
          ) : null}
          {training.map((chart) => (
            <LineChart key={chart.title} title={chart.title} description={`${chart.series.map((s) => s.name).join(', ')} for each epoch run.`} xLabel="epoch" series={chart.series} />
          ))}
        </div>
      ) : (
        <p className="muted">No ROC, calibration or training curves were stored with this model version (it may not be a classifier, or not trained by epochs).</p>
      )}
      <h4>Model card</h4>
      <ModelCardView card={model.modelCard} />
      {model.parameters || model.trainingData ? (
        <details>
          <summary>Training data and parameters</summary>
          <pre>{JSON.stringify({ trainingData: model.trainingData, parameters: model.parameters }, null, 2)}</pre>
        </details>
      ) : null}
    </article>
  );
}

function ModelDetail({ id }: { id: string }) {
  const { data, error, loading, reload } = useQuery<{ modelVersion: ModelVersion }>(MODEL_VERSION, { id });
  return (
    <>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Loading the model…" /> : null}
      {data && data.modelVersion.id === id ? <ModelVersionView model={data.modelVersion} /> : null}
    </>
  );
}

export function ModelRegistry() {
  const [module, setModule] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const { data, error, loading, reload } = useQuery<{ modelVersions: ModelSummary[] }>(MODEL_VERSIONS, { module: module || null });
  const models = data?.modelVersions ?? [];
  const current = models.find((m) => m.id === selected) ?? models[0] ?? null;
  return (
    <section aria-labelledby="registry-h">
      <h2 id="registry-h">Model registry</h2>
      <div className="toolbar">
        <label htmlFor="registry-module">Module</label>
        <select id="registry-module" value={module} onChange={(e) => setModule(e.target.value)}>
          <option value="">All modules</option>
          {MODULES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <button type="button" className="secondary" onClick={reload}>
          Refresh models
        </button>
      </div>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data ? <Loading label="Loading models…" /> : null}
      {data && models.length === 0 ? (
        <p>{module ? `No ${moduleLabel(module).toLowerCase()} model is registered yet.` : 'No model is registered yet.'} Training jobs (imaging.train, case.train, molecules.train, nlp.train-lm, recommender.train) register them here.</p>
      ) : null}
      {models.length > 0 ? (
        <table className="data registry">
          <caption>Registered models{module ? ` (${moduleLabel(module)})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Module</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} aria-current={m.id === current?.id ? 'true' : undefined} data-module={m.module}>
                <td>
                  <button type="button" className="link" aria-pressed={m.id === current?.id} aria-label={`Show ${moduleLabel(m.module)} model ${m.name} version ${m.version}`} onClick={() => setSelected(m.id)}>
                    {m.name}
                  </button>
                </td>
                <td>{moduleLabel(m.module)}</td>
                <td>v{m.version}</td>
                <td>
                  <span className={`badge status-${m.status}`}>{m.status}</span>
                </td>
                <td>{formatDateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {current ? <ModelDetail id={current.id} /> : null}
    </section>
  );
}
