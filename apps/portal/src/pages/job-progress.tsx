import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/graphql';
import { socketUrl, subscribe } from '../api/subscribe';
import { LineChart } from '../components/line-chart';
import { ErrorMessage, percent } from '../components/status';
import { useSession } from '../session';

const JOB_PROGRESS = `subscription JobProgress($id: ID!) {
  jobProgress(id: $id) { type jobId at status progress message level error { code message } points { epoch values } }
}`;

/** One epoch of a training curve, as the gateway sends it. */
export interface CurvePoint {
  epoch: number;
  values: Record<string, number>;
}

export interface ProgressEvent {
  type: string;
  at: string;
  status: string | null;
  progress: number | null;
  message: string | null;
  level: string | null;
  error: { code: string; message: string } | null;
  points?: CurvePoint[] | null;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** Points the page keeps; past it the curve keeps every other point (as the gateway does past 500). */
const MAX_CURVE_POINTS = 2000;

/** Training curves in a job result: any numeric arrays under `history` (loss, val_loss, auc, ...). */
export function historySeries(result: unknown): { name: string; points: { x: number; y: number }[] }[] {
  const history = (result as { history?: unknown } | null)?.history;
  if (!history || typeof history !== 'object') return [];
  const source = (history as { metrics?: unknown }).metrics ?? history;
  return Object.entries(source as Record<string, unknown>)
    .filter((entry): entry is [string, number[]] => Array.isArray(entry[1]) && entry[1].length > 0 && entry[1].every((v) => typeof v === 'number'))
    .map(([name, values]) => ({ name, points: values.map((y, i) => ({ x: i + 1, y })) }));
}

/**
 * Adds a 'metrics' event's points to the curve. A point at or before the last epoch drawn starts the
 * curve again from there (a retried attempt, or the next model of the run); the snapshot a
 * subscription starts with and live points that overlap it therefore merge without doubles.
 */
export function mergeCurve(curve: readonly CurvePoint[], points: readonly CurvePoint[], maxPoints = MAX_CURVE_POINTS): CurvePoint[] {
  let merged = [...curve];
  for (const point of points) {
    let keep = merged.length;
    while (keep > 0 && (merged[keep - 1] as CurvePoint).epoch >= point.epoch) keep -= 1;
    merged.length = keep;
    merged.push(point);
    if (merged.length > maxPoints) {
      const last = merged.length - 1;
      merged = merged.filter((_, i) => i % 2 === 0 || i === last);
    }
  }
  return merged;
}

/** The curve as chart series: one per metric, in the order the metrics first appear, x = epoch. */
export function curveSeries(curve: readonly CurvePoint[]): { name: string; points: { x: number; y: number }[] }[] {
  const series = new Map<string, { x: number; y: number }[]>();
  for (const point of curve) {
    for (const [name, y] of Object.entries(point.values)) {
      if (typeof y !== 'number' || !Number.isFinite(y)) continue;
      let points = series.get(name);
      if (!points) series.set(name, (points = []));
      points.push({ x: point.epoch, y });
    }
  }
  return [...series].map(([name, points]) => ({ name, points }));
}

export interface JobProgressState {
  status: string | null;
  progress: number;
  message: string | null;
  logs: { at: string; level: string; message: string }[];
  jobError: { code: string; message: string } | null;
  curve: CurvePoint[];
}

export const INITIAL_JOB_PROGRESS: JobProgressState = { status: null, progress: 0, message: null, logs: [], jobError: null, curve: [] };

/** What one jobProgress event changes on the page. */
export function applyJobEvent(state: JobProgressState, e: ProgressEvent): JobProgressState {
  const next = { ...state };
  if (e.progress !== null && e.progress !== undefined) next.progress = e.progress;
  if (e.type === 'log') next.logs = [...state.logs.slice(-199), { at: e.at, level: e.level ?? 'info', message: e.message ?? '' }];
  else if (e.message) next.message = e.message;
  if (e.type === 'metrics' && e.points?.length) next.curve = mergeCurve(state.curve, e.points);
  if (e.error) next.jobError = e.error;
  if (e.status) next.status = e.status;
  return next;
}

/**
 * A job's live state over the jobProgress subscription: progress bar, status, log lines and the
 * training curves. The subscription starts with the curve so far, so a page opened mid-training
 * draws it whole, then grows it epoch by epoch; a finished job's stored `history` is drawn instead
 * when its result has one.
 */
export function JobProgress({ jobId, result, onFinished }: { jobId: string; result?: unknown; onFinished?: (status: string) => void }) {
  const { key } = useSession();
  const [state, setState] = useState<JobProgressState>(INITIAL_JOB_PROGRESS);
  const [error, setError] = useState<ApiError | null>(null);
  // A notification only: a new callback must not re-subscribe (that would replay the job).
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    if (!key) return;
    setState(INITIAL_JOB_PROGRESS);
    setError(null);
    return subscribe<{ jobProgress: ProgressEvent }>({
      url: socketUrl(window.location),
      key,
      query: JOB_PROGRESS,
      variables: { id: jobId },
      onNext: ({ jobProgress: e }) => {
        setState((previous) => applyJobEvent(previous, e));
        if (e.status && FINAL.has(e.status)) finished.current?.(e.status);
      },
      onError: setError,
    });
  }, [jobId, key]);

  return <JobProgressView jobId={jobId} state={state} error={error} result={result} />;
}

export function JobProgressView({ jobId, state, error, result }: { jobId: string; state: JobProgressState; error: ApiError | null; result?: unknown }) {
  const { status, progress, message, logs, jobError, curve } = state;
  return (
    <div className="job-progress">
      <p>
        <span className={`badge status-${status ?? 'unknown'}`} data-testid="job-status">
          {status ?? 'connecting'}
        </span>{' '}
        {message}
      </p>
      <label htmlFor={`progress-${jobId}`}>Progress {percent(progress, 0)}</label>
      <progress id={`progress-${jobId}`} max={1} value={progress} />
      {jobError ? <ErrorMessage error={Object.assign(new Error(jobError.message), { name: jobError.code })} /> : null}
      <ErrorMessage error={error} />
      <TrainingCurves result={result} curve={curve} live={status === 'running'} />
      {logs.length > 0 ? (
        <details>
          <summary>Log ({logs.length} lines)</summary>
          <ol className="log">
            {logs.map((line, i) => (
              <li key={i} className={`log-${line.level}`}>
                <time>{line.at.slice(11, 19)}</time> {line.message}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}

/** A result's stored per-epoch history when it has one, otherwise the curve the job reported as it ran. */
export function TrainingCurves({ result, curve = [], live = false }: { result?: unknown; curve?: readonly CurvePoint[]; live?: boolean }) {
  const stored = historySeries(result);
  const series = stored.length > 0 ? stored : curveSeries(curve);
  if (series.length === 0) return null;
  const last = stored.length > 0 ? null : curve.at(-1)?.epoch;
  return (
    <div data-testid="training-curves" data-source={stored.length > 0 ? 'result' : 'live'}>
      <LineChart
        title={live ? `Training curves (live, epoch ${last ?? 0})` : 'Training curves'}
        series={series}
        xLabel="epoch"
        description={`${series.map((s) => s.name).join(', ')} per epoch${live ? ', updated as the job trains' : ''}`}
      />
    </div>
  );
}
