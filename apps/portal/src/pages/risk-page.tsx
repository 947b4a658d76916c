import { useAction } from '../api/use-gql';
import { HeatMap } from '../components/heat-map';
import { PatientPicker } from '../components/patient-picker';
import { ErrorMessage, Loading, percent } from '../components/status';
import { navigate } from '../router';

const PREDICT = `query PredictOutcome($patientId: ID!) {
  predictOutcome(patientId: $patientId) {
    outcome risk calibratedRisk observations
    interval { lower upper level }
    modelVersion { name version }
    drivers { name display contribution }
    heatmap
  }
}`;

interface Prediction {
  outcome: string;
  risk: number;
  calibratedRisk: number;
  observations: number;
  interval: { lower: number; upper: number; level: number } | null;
  modelVersion: { name: string; version: number } | null;
  drivers: { name: string; display: string; contribution: number }[];
  /** JSON: { variables, binStartHours, values[variable][bin] }. */
  heatmap: { variables?: string[]; binStartHours?: number[]; values?: number[][] } | null;
}

export function RiskPage({ params }: { params: URLSearchParams }) {
  const patientId = params.get('patient') ?? '';
  const predict = useAction<{ predictOutcome: Prediction }>(PREDICT);
  const p = predict.data?.predictOutcome;
  return (
    <section>
      <h1>Risk</h1>
      <p>The calibrated risk of the outcome given the first hours of the stay, with how sure the model is and what drove it.</p>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void predict.run({ patientId });
        }}
      >
        <PatientPicker
          id="risk-patient"
          value={patientId}
          onChange={(id) => {
            predict.reset();
            navigate(id ? `/risk?patient=${encodeURIComponent(id)}` : '/risk', { replace: true });
          }}
        />
        <button type="submit" disabled={!patientId || predict.running}>
          Predict
        </button>
      </form>
      {predict.running ? <Loading label="Scoring the stay…" /> : null}
      <ErrorMessage error={predict.error} />
      {p ? (
        <>
          <div className="risk-summary" aria-live="polite">
            <p className="big-number">
              {percent(p.calibratedRisk)}
              <span className="muted"> calibrated risk of {p.outcome}</span>
            </p>
            <p>
              {p.interval ? `${Math.round(p.interval.level * 100)}% interval ${percent(p.interval.lower)} – ${percent(p.interval.upper)}; ` : ''}
              raw model output {percent(p.risk)}
              {p.modelVersion ? `; model ${p.modelVersion.name} v${p.modelVersion.version}` : ''}; {p.observations} observations
            </p>
            <div className="meter" role="img" aria-label={`Risk ${percent(p.calibratedRisk)}`}>
              {p.interval ? <span className="meter-interval" style={{ left: `${p.interval.lower * 100}%`, width: `${Math.max(0.5, (p.interval.upper - p.interval.lower) * 100)}%` }} /> : null}
              <span className="meter-mark" style={{ left: `${p.calibratedRisk * 100}%` }} />
            </div>
          </div>
          <h2>Top drivers</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Effect on risk</th>
              </tr>
            </thead>
            <tbody>
              {p.drivers.slice(0, 10).map((d) => (
                <tr key={d.name}>
                  <td>{d.display}</td>
                  <td className={d.contribution >= 0 ? 'up' : 'down'}>
                    {d.contribution >= 0 ? '▲ +' : '▼ '}
                    {(d.contribution * 100).toFixed(2)} points
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.heatmap?.variables && p.heatmap.binStartHours && p.heatmap.values ? (
            <HeatMap title="Drivers by variable and hour" rows={p.heatmap.variables} columns={p.heatmap.binStartHours.map((h) => `${h}h`)} values={p.heatmap.values} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
