import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/graphql';
import { socketUrl, subscribe } from '../api/subscribe';
import { LineChart } from '../components/line-chart';
import { ErrorMessage, percent } from '../components/status';
import { useSession } from '../session';

const JOB_PROGRESS = `subscription JobProgress($id: ID!) {
  jobProgress(id: $id) { type jobId at status progress message level error { code message } }
}`;

interface ProgressEvent {
  type: string;
  at: string;
  status: string | null;
  progress: number | null;
  message: string | null;
  level: string | null;
  error: { code: string; message: string } | null;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Training curves in a job result: any numeric arrays under `history` (loss, val_loss, auc, ...). */
export function historySeries(result: unknown): { name: string; points: { x: number; y: number }[] }[] {
  const history = (result as { history?: unknown } | null)?.history;
  if (!history || typeof history !== 'object') return [];
  const source = (history as { metrics?: unknown }).metrics ?? history;
  return Object.entries(source as Record<string, unknown>)
    .filter((entry): entry is [string, number[]] => Array.isArray(entry[1]) && entry[1].length > 0 && entry[1].every((v) => typeof v === 'number'))
    .map(([name, values]) => ({ name, points: values.map((y, i) => ({ x: i + 1, y })) }));
}

/** A job's live state over the jobProgress subscription: progress bar, status, log lines. */
export function JobProgress({ jobId, onFinished }: { jobId: string; onFinished?: (status: string) => void }) {
  const { key } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [logs, setLogs] = useState<{ at: string; level: string; message: string }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [jobError, setJobError] = useState<{ code: string; message: string } | null>(null);
  // A notification only: a new callback must not re-subscribe (that would replay the job).
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    if (!key) return;
    setStatus(null);
    setProgress(0);
    setLogs([]);
    setError(null);
    setJobError(null);
    return subscribe<{ jobProgress: ProgressEvent }>({
      url: socketUrl(window.location),
      key,
      query: JOB_PROGRESS,
      variables: { id: jobId },
      onNext: ({ jobProgress: e }) => {
        if (e.progress !== null && e.progress !== undefined) setProgress(e.progress);
        if (e.type === 'log') setLogs((previous) => [...previous.slice(-199), { at: e.at, level: e.level ?? 'info', message: e.message ?? '' }]);
        else if (e.message) setMessage(e.message);
        if (e.error) setJobError(e.error);
        if (e.status) {
          setStatus(e.status);
          if (FINAL.has(e.status)) finished.current?.(e.status);
        }
      },
      onError: setError,
    });
  }, [jobId, key]);

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

export function TrainingCurves({ result }: { result: unknown }) {
  const series = historySeries(result);
  if (series.length === 0) return null;
  return <LineChart title="Training curves" series={series} xLabel="epoch" />;
}
