import { useEffect, useState } from 'react';
import { useQuery } from '../api/use-gql';
import { PatientPicker } from '../components/patient-picker';
import { ErrorMessage, Loading, percent } from '../components/status';
import { navigate } from '../router';
import type { Condition } from './types';

interface Recommendation {
  itemId: string;
  name: string;
  score: number;
  predictedRating: number;
  similarity: number;
  coldStart: boolean;
  explanation: string;
  topFeatures: { feature: string; contribution: number }[];
}
interface Finding {
  rule: string;
  drugTerm: string;
  patientFact: string;
  message: string;
}
interface RecommendationList {
  conditionCode: string;
  conditionDisplay: string;
  items: Recommendation[];
  filtered: { drugId: string; name: string; findings: Finding[] }[];
  modelVersion: number | null;
}

const FIELDS = `conditionCode conditionDisplay modelVersion
  items { itemId name score predictedRating similarity coldStart explanation topFeatures { feature contribution } }`;
const RECOMMEND = `query Recommend($patientId: ID!, $conditionCode: String!, $k: Int!, $includeFiltered: Boolean!) {
  doctors: recommendDoctors(patientId: $patientId, conditionCode: $conditionCode, k: $k) { ${FIELDS} }
  drugs: recommendDrugs(patientId: $patientId, conditionCode: $conditionCode, k: $k, includeFiltered: $includeFiltered) {
    ${FIELDS}
    filtered { drugId name findings { rule drugTerm patientFact message } }
  }
}`;
const CONDITIONS = `query PatientConditions($id: ID!) { patient(id: $id) { id conditions { id code system display status onsetAt } } }`;

function RecommendationTable({ caption, items }: { caption: string; items: Recommendation[] }) {
  if (items.length === 0) return <p>No {caption.toLowerCase()} to recommend for this condition.</p>;
  return (
    <table className="data">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Name</th>
          <th scope="col">Score</th>
          <th scope="col">Predicted rating</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => (
          <tr key={item.itemId}>
            <td>{i + 1}</td>
            <td>
              <strong>{item.name}</strong>
              {item.coldStart ? <span className="badge">content only</span> : null}
            </td>
            <td>{percent(item.score)}</td>
            <td>{item.predictedRating.toFixed(2)} / 5</td>
            <td>
              {item.explanation}
              {item.topFeatures.length > 0 ? (
                <ul className="features">
                  {item.topFeatures.map((f) => (
                    <li key={f.feature}>
                      {f.feature} <span className="muted">({percent(f.contribution, 0)})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RecommendationsPage({ params }: { params: URLSearchParams }) {
  const patientId = params.get('patient') ?? '';
  const conditionCode = params.get('condition') ?? '';
  const [showFiltered, setShowFiltered] = useState(false);
  const [conditionText, setConditionText] = useState(conditionCode);
  useEffect(() => setConditionText(conditionCode), [conditionCode]);

  const setParams = (next: { patient?: string; condition?: string }) => {
    const search = new URLSearchParams({ patient: next.patient ?? patientId, condition: next.condition ?? conditionCode });
    for (const [k, v] of [...search.entries()]) if (!v) search.delete(k);
    navigate(`/recommendations?${search.toString()}`, { replace: true });
  };
  const conditions = useQuery<{ patient: { conditions: Condition[] } }>(CONDITIONS, patientId ? { id: patientId } : null);
  const result = useQuery<{ doctors: RecommendationList; drugs: RecommendationList }>(
    RECOMMEND,
    patientId && conditionCode ? { patientId, conditionCode, k: 5, includeFiltered: showFiltered } : null,
  );

  return (
    <section>
      <h1>Recommendations</h1>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setParams({ condition: conditionText.trim() });
        }}
      >
        <PatientPicker id="rec-patient" value={patientId} onChange={(id) => setParams({ patient: id, condition: '' })} />
        <label htmlFor="rec-condition">Condition (code or name)</label>
        <input id="rec-condition" list="rec-conditions" value={conditionText} onChange={(event) => setConditionText(event.target.value)} />
        <datalist id="rec-conditions">
          {(conditions.data?.patient.conditions ?? []).map((c) => (
            <option key={c.id} value={c.code}>
              {c.display}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={!patientId || !conditionText.trim()}>
          Recommend
        </button>
      </form>
      {patientId && conditions.data && conditions.data.patient.conditions.length > 0 ? (
        <p className="chips" aria-label="The patient's conditions">
          {conditions.data.patient.conditions.map((c) => (
            <button key={c.id} type="button" className="chip" aria-pressed={c.code === conditionCode} onClick={() => setParams({ condition: c.code })}>
              {c.display}
            </button>
          ))}
        </p>
      ) : null}
      <ErrorMessage error={conditions.error} />
      {!patientId || !conditionCode ? <p>Choose a patient and one of their conditions.</p> : null}
      <ErrorMessage error={result.error} onRetry={result.reload} />
      {result.loading && !result.data ? <Loading label="Ranking doctors and drugs…" /> : null}
      {result.data ? (
        <>
          <h2>
            For {result.data.doctors.conditionDisplay} <span className="muted">({result.data.doctors.conditionCode})</span>
          </h2>
          <RecommendationTable caption="Doctors" items={result.data.doctors.items} />
          <RecommendationTable caption="Drugs" items={result.data.drugs.items} />
          <div className="toggle">
            <input id="show-filtered" type="checkbox" checked={showFiltered} onChange={(event) => setShowFiltered(event.target.checked)} />
            <label htmlFor="show-filtered">Show drugs filtered out for safety</label>
          </div>
          {showFiltered ? (
            <section aria-labelledby="filtered-h" className="filtered">
              <h3 id="filtered-h">Filtered out for safety</h3>
              {result.data.drugs.filtered.length === 0 ? <p>No drug was removed for this patient.</p> : null}
              <ul className="plain">
                {result.data.drugs.filtered.map((d) => (
                  <li key={d.drugId}>
                    <strong>{d.name}</strong>
                    <ul>
                      {d.findings.map((f, i) => (
                        <li key={i}>
                          <span className="badge warn">{f.rule.replace(/_/g, ' ').toLowerCase()}</span> {f.message}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
