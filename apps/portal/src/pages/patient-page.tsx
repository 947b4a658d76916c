import { useMemo } from 'react';
import { useQuery } from '../api/use-gql';
import { LineChart } from '../components/line-chart';
import { ErrorMessage, Loading, formatDate } from '../components/status';
import { Link } from '../router';
import { patientName } from './patients-page';
import type { Observation, PatientDetail } from './types';

const PATIENT = `query Patient($id: ID!) {
  patient(id: $id) {
    id mrn givenName familyName birthDate sex synthetic source
    conditions { id code system display status onsetAt }
    allergies { id substance reaction severity recordedAt }
    medications { id name code status startedAt endedAt }
  }
}`;
// Apart, and with few fields: the gateway's complexity limit counts every field of every observation.
const OBSERVATIONS = `query PatientObservations($id: ID!) { patient(id: $id) { id observations(last: 200) { code value unit time } } }`;

/** Numeric observations per variable code, oldest first: one chart each. */
export function groupObservations(observations: Observation[]): { code: string; unit: string | null; points: { x: number; y: number }[] }[] {
  const groups = new Map<string, { unit: string | null; points: { x: number; y: number }[] }>();
  for (const o of observations) {
    if (o.value === null || !Number.isFinite(o.value)) continue;
    const group = groups.get(o.code) ?? { unit: o.unit, points: [] };
    group.points.push({ x: new Date(o.time).getTime(), y: o.value });
    groups.set(o.code, group);
  }
  return [...groups.entries()]
    .map(([code, g]) => ({ code, unit: g.unit, points: g.points.sort((a, b) => a.x - b.x) }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

const timeLabel = (x: number) => new Date(x).toISOString().slice(0, 16).replace('T', ' ');

export function PatientPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useQuery<{ patient: PatientDetail }>(PATIENT, { id });
  const timeline = useQuery<{ patient: { observations: Observation[] } }>(OBSERVATIONS, { id });
  const charts = useMemo(() => groupObservations(timeline.data?.patient.observations ?? []), [timeline.data]);
  if (loading && !data) return <Loading label="Loading the patient…" />;
  if (error || !data) return <ErrorMessage error={error ?? new Error('No patient data')} onRetry={reload} />;
  const p = data.patient;
  return (
    <article className="patient">
      <h1>
        {patientName(p)} {p.synthetic ? <span className="badge">synthetic</span> : null}
      </h1>
      <dl className="facts">
        {[
          ['MRN', p.mrn],
          ['Born', formatDate(p.birthDate)],
          ['Sex', p.sex ?? '—'],
          ['Source', p.source ?? '—'],
        ].map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="actions">
        <Link to={`/risk?patient=${encodeURIComponent(p.id)}`}>Risk prediction</Link>
        <Link to={`/recommendations?patient=${encodeURIComponent(p.id)}`}>Recommendations</Link>
      </p>
      <div className="columns">
        <section aria-labelledby="conditions-h">
          <h2 id="conditions-h">Conditions</h2>
          {p.conditions.length === 0 ? <p>None recorded.</p> : null}
          <ul className="plain">
            {p.conditions.map((c) => (
              <li key={c.id}>
                <strong>{c.display}</strong> <span className="muted">{c.code}</span> <span className={`badge status-${c.status}`}>{c.status}</span>{' '}
                <Link to={`/recommendations?patient=${encodeURIComponent(p.id)}&condition=${encodeURIComponent(c.code)}`} aria-label={`Recommendations for ${c.display}`}>
                  recommendations
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="medications-h">
          <h2 id="medications-h">Medications</h2>
          {p.medications.length === 0 ? <p>None recorded.</p> : null}
          <ul className="plain">
            {p.medications.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong> <span className={`badge status-${m.status}`}>{m.status}</span> <span className="muted">since {formatDate(m.startedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="allergies-h">
          <h2 id="allergies-h">Allergies</h2>
          {p.allergies.length === 0 ? <p>No known allergies.</p> : null}
          <ul className="plain">
            {p.allergies.map((a) => (
              <li key={a.id}>
                <strong>{a.substance}</strong>
                {a.reaction ? `: ${a.reaction}` : ''} {a.severity ? <span className={`badge severity-${a.severity}`}>{a.severity}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">Observations over time</h2>
        <ErrorMessage error={timeline.error} onRetry={timeline.reload} />
        {timeline.loading && !timeline.data ? <Loading label="Loading observations…" /> : null}
        {timeline.data && charts.length === 0 ? <p>No numeric observations.</p> : null}
        <div className="chart-grid">
          {charts.map((c) => (
            <LineChart key={c.code} title={`${c.code}${c.unit ? ` (${c.unit})` : ''}`} series={[{ name: c.code, points: c.points }]} xFormat={timeLabel} yLabel={c.unit ?? undefined} />
          ))}
        </div>
      </section>
    </article>
  );
}
