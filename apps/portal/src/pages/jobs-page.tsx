import { useQuery, useAction } from '../api/use-gql';
import { ErrorMessage, Loading, formatDateTime, percent } from '../components/status';
import { Link, navigate } from '../router';
import { JobProgress } from './job-progress';
import { ModelRegistry } from './model-registry';
import type { Job } from './types';

const JOB_FIELDS = 'id kind status progress message result error { code message } attempts createdAt finishedAt';
const JOBS = `query Jobs { jobs(filter: { limit: 25 }) { items { ${JOB_FIELDS} } } }`;
const JOB = `query Job($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;
const START_SELF_TEST = `mutation StartSelfTest { startSelfTestJob(input: { steps: 20, stepMs: 150 }) { id } }`;
const TRAIN_RECOMMENDER = `mutation TrainRecommender { trainRecommender(input: { folds: 3 }) { id } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelJob(id: $id) { id status } }`;

function JobDetail({ id, onChange }: { id: string; onChange(): void }) {
  const job = useQuery<{ job: Job }>(JOB, { id });
  const cancel = useAction<{ cancelJob: { id: string } }>(CANCEL);
  return (
    <section aria-labelledby="job-h" className="panel">
      <h2 id="job-h">
        Job <code>{id}</code> {job.data ? <span className="muted">{job.data.job.kind}</span> : null}
      </h2>
      <JobProgress
        jobId={id}
        result={job.data?.job.result}
        onFinished={() => {
          job.reload();
          onChange();
        }}
      />
      <button type="button" className="secondary" disabled={cancel.running || ['succeeded', 'failed', 'cancelled'].includes(job.data?.job.status ?? '')} onClick={() => void cancel.run({ id }).then(onChange)}>
        Cancel job
      </button>
      <ErrorMessage error={cancel.error} />
      <ErrorMessage error={job.error} />
      {job.data?.job.result ? (
        <details>
          <summary>Result</summary>
          <pre>{JSON.stringify(job.data.job.result, null, 2)}</pre>
        </details>
      ) : null}
    </section>
  );
}

export function JobsPage({ params }: { params: URLSearchParams }) {
  const selected = params.get('job');
  const jobs = useQuery<{ jobs: { items: Job[] } }>(JOBS, {});
  const selfTest = useAction<{ startSelfTestJob: { id: string } }>(START_SELF_TEST);
  const train = useAction<{ trainRecommender: { id: string } }>(TRAIN_RECOMMENDER);
  const started = (id: string | undefined) => {
    if (!id) return;
    jobs.reload();
    navigate(`/jobs?job=${encodeURIComponent(id)}`);
  };

  return (
    <section>
      <h1>Models &amp; jobs</h1>
      <div className="toolbar">
        <button type="button" disabled={selfTest.running} onClick={() => void selfTest.run({}).then((d) => started(d?.startSelfTestJob.id))}>
          Start self-test job
        </button>
        <button type="button" className="secondary" disabled={train.running} onClick={() => void train.run({}).then((d) => started(d?.trainRecommender.id))}>
          Train recommender
        </button>
        <button type="button" className="secondary" onClick={jobs.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={selfTest.error} />
      <ErrorMessage error={train.error} />
      {selected ? <JobDetail id={selected} onChange={jobs.reload} /> : null}
      <h2>Recent jobs</h2>
      <ErrorMessage error={jobs.error} onRetry={jobs.reload} />
      {jobs.loading && !jobs.data ? <Loading /> : null}
      {jobs.data && jobs.data.jobs.items.length === 0 ? <p>No jobs yet.</p> : null}
      {jobs.data && jobs.data.jobs.items.length > 0 ? (
        <table className="data">
          <caption className="visually-hidden">Recent jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.jobs.items.map((j) => (
              <tr key={j.id} aria-selected={j.id === selected}>
                <td>
                  <Link to={`/jobs?job=${encodeURIComponent(j.id)}`}>{j.id.slice(0, 10)}</Link>
                </td>
                <td>{j.kind}</td>
                <td>
                  <span className={`badge status-${j.status}`}>{j.status}</span>
                  {j.error ? <span className="muted"> {j.error.message}</span> : null}
                </td>
                <td>{percent(j.progress, 0)}</td>
                <td>{formatDateTime(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ModelRegistry />
    </section>
  );
}
