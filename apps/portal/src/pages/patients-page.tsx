import { useEffect, useState } from 'react';
import { useQuery } from '../api/use-gql';
import { ErrorMessage, Loading, formatDate } from '../components/status';
import { Link } from '../router';
import type { PatientSummary } from './types';

const PATIENTS = `query Patients($search: String, $first: Int!, $after: String) {
  patients(search: $search, first: $first, after: $after) {
    items { id mrn givenName familyName birthDate sex synthetic source }
    nextCursor
  }
}`;

export function patientName(p: Pick<PatientSummary, 'givenName' | 'familyName' | 'mrn'>): string {
  const name = [p.givenName, p.familyName].filter(Boolean).join(' ');
  return name || p.mrn;
}

export function PatientsPage() {
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  // A pause in typing starts the search, so each key stroke does not cost a request.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setCursors([null]);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);
  const { data, error, loading, reload } = useQuery<{ patients: { items: PatientSummary[]; nextCursor: string | null } }>(PATIENTS, {
    search: search || null,
    first: 20,
    after,
  });
  const items = data?.patients.items ?? [];

  return (
    <section>
      <h1>Patients</h1>
      <div className="toolbar">
        <label htmlFor="patient-search">Search by MRN or name</label>
        <input id="patient-search" type="search" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        items.length === 0 ? (
          <p>No patients match “{search}”.</p>
        ) : (
          <table className="data">
            <caption className="visually-hidden">Patients</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">MRN</th>
                <th scope="col">Born</th>
                <th scope="col">Sex</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/patients/${encodeURIComponent(p.id)}`}>{patientName(p)}</Link>
                  </td>
                  <td>{p.mrn}</td>
                  <td>{formatDate(p.birthDate)}</td>
                  <td>{p.sex ?? '—'}</td>
                  <td>
                    {p.source ?? '—'}
                    {p.synthetic ? <span className="badge">synthetic</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <div className="pager">
        <button type="button" className="secondary" disabled={cursors.length <= 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button type="button" className="secondary" disabled={!data?.patients.nextCursor || loading} onClick={() => setCursors((c) => [...c, data?.patients.nextCursor ?? null])}>
          Next page
        </button>
      </div>
    </section>
  );
}
