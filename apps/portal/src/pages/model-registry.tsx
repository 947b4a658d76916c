import { useQuery } from '../api/use-gql';
import { LineChart } from '../components/line-chart';
import { ErrorMessage, Loading, formatDateTime } from '../components/status';

const IMAGING_MODELS = `query ImagingModels { imagingModels(limit: 20) { id name version status metrics modelCard jobId createdAt } }`;

interface ModelVersion {
  id: string;
  name: string;
  version: number;
  status: string;
  metrics: Record<string, unknown> | null;
  modelCard: unknown;
  jobId: string | null;
  createdAt: string;
}

/** ROC and reliability curves stored with a model's metrics (`rocCurve: {fpr, tpr}`, `reliability: bins[]`). */
export function metricCurves(metrics: Record<string, unknown> | null): { roc: { x: number; y: number }[]; reliability: { x: number; y: number }[] } {
  const roc = metrics?.['rocCurve'] as { fpr?: unknown; tpr?: unknown } | undefined;
  const fpr = Array.isArray(roc?.fpr) ? (roc.fpr as number[]) : [];
  const tpr = Array.isArray(roc?.tpr) ? (roc.tpr as number[]) : [];
  const bins = Array.isArray(metrics?.['reliability']) ? (metrics['reliability'] as { meanPredicted?: number; observed?: number; count?: number }[]) : [];
  return {
    roc: fpr.map((x, i) => ({ x, y: tpr[i] ?? 0 })),
    reliability: bins.filter((b) => (b.count ?? 1) > 0 && typeof b.meanPredicted === 'number' && typeof b.observed === 'number').map((b) => ({ x: b.meanPredicted as number, y: b.observed as number })),
  };
}

function scalarMetrics(metrics: Record<string, unknown> | null): [string, number][] {
  return Object.entries(metrics ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
}

const diagonal = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

export function ModelRegistry() {
  const { data, error, loading, reload } = useQuery<{ imagingModels: ModelVersion[] }>(IMAGING_MODELS, {});
  return (
    <section aria-labelledby="registry-h">
      <h2 id="registry-h">Model registry</h2>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : null}
      {data && data.imagingModels.length === 0 ? <p>No imaging model is registered yet. Train one with `pmed imaging train` or the trainImagingModel mutation.</p> : null}
      {data?.imagingModels.map((m) => {
        const curves = metricCurves(m.metrics);
        return (
          <article key={m.id} className="panel model">
            <h3>
              imaging / {m.name} v{m.version} <span className={`badge status-${m.status}`}>{m.status}</span>
            </h3>
            <p className="muted">Registered {formatDateTime(m.createdAt)}</p>
            <dl className="facts">
              {scalarMetrics(m.metrics).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{Number.isInteger(value) ? value : value.toFixed(4)}</dd>
                </div>
              ))}
            </dl>
            <div className="chart-grid">
              {curves.roc.length > 1 ? (
                <LineChart title="ROC curve" xLabel="false positive rate" yLabel="true positive rate" series={[{ name: 'model', points: curves.roc }, { name: 'chance', points: diagonal, colour: '#888' }]} />
              ) : null}
              {curves.reliability.length > 0 ? (
                <LineChart title="Reliability" xLabel="mean predicted" yLabel="observed" series={[{ name: 'model', points: curves.reliability }, { name: 'perfect', points: diagonal, colour: '#888' }]} />
              ) : null}
            </div>
            {m.modelCard ? (
              <details>
                <summary>Model card</summary>
                <pre>{typeof m.modelCard === 'string' ? m.modelCard : JSON.stringify(m.modelCard, null, 2)}</pre>
              </details>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
