import { useState, type FormEvent } from 'react';
import { useAction } from '../api/use-gql';
import { ErrorMessage, Loading } from '../components/status';

const GENERATE = `mutation Generate($input: GenerateMoleculesInput!) {
  generateMolecules(input: $input) {
    modelName modelVersion
    molecules { smiles canonicalSmiles valid novel svg properties { qed logP molecularWeight tpsa hbd hba rotatableBonds aromaticRings heavyAtoms alerts } }
  }
}`;

interface Molecule {
  smiles: string;
  canonicalSmiles: string | null;
  valid: boolean;
  novel: boolean | null;
  properties: Record<string, number> | null;
  svg: string | null;
}

const PROPERTY_LABELS: [string, string][] = [
  ['qed', 'QED'],
  ['logP', 'logP'],
  ['molecularWeight', 'Weight'],
  ['tpsa', 'TPSA'],
  ['hbd', 'H donors'],
  ['hba', 'H acceptors'],
  ['alerts', 'Alerts'],
];

/** The depiction goes in an <img>, so markup from the server can never run script in the page. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function MoleculesPage() {
  const [model, setModel] = useState('demo');
  const [count, setCount] = useState(8);
  const [temperature, setTemperature] = useState(1);
  const [seed, setSeed] = useState('');
  const generate = useAction<{ generateMolecules: { modelName: string; modelVersion: number; molecules: Molecule[] } }>(GENERATE);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void generate.run({ input: { model, count, temperature, ...(seed.trim() ? { seedSmiles: seed.trim() } : {}) } });
  };
  const molecules = generate.data?.generateMolecules.molecules ?? [];
  return (
    <section>
      <h1>Molecules</h1>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="mol-model">Model</label>
        <input id="mol-model" value={model} onChange={(event) => setModel(event.target.value)} />
        <label htmlFor="mol-count">How many</label>
        <input id="mol-count" type="number" min={1} max={100} value={count} onChange={(event) => setCount(Number(event.target.value))} />
        <label htmlFor="mol-temperature">Temperature {temperature.toFixed(1)}</label>
        <input id="mol-temperature" type="range" min={0} max={2} step={0.1} value={temperature} onChange={(event) => setTemperature(Number(event.target.value))} />
        <label htmlFor="mol-seed">Seed molecule (SMILES, optional)</label>
        <input id="mol-seed" value={seed} placeholder="e.g. CC(=O)Oc1ccccc1C(=O)O" onChange={(event) => setSeed(event.target.value)} />
        <button type="submit" disabled={generate.running}>
          Generate
        </button>
      </form>
      {generate.running ? <Loading label="Generating…" /> : null}
      <ErrorMessage error={generate.error} />
      {generate.data ? (
        <p>{`${molecules.filter((m) => m.valid).length} valid, ${molecules.filter((m) => m.novel).length} novel of ${molecules.length}, from ${generate.data.generateMolecules.modelName} v${generate.data.generateMolecules.modelVersion}`}</p>
      ) : null}
      <ul className="molecules">
        {molecules.map((m, i) => (
          <li key={`${m.smiles}-${i}`} className="panel">
            {m.svg ? <img src={svgDataUrl(m.svg)} alt={`Structure of ${m.smiles}`} width={200} height={160} /> : <p className="muted">No depiction</p>}
            <p className="smiles">
              <code>{m.canonicalSmiles ?? m.smiles}</code>
            </p>
            <p>
              <span className={`badge ${m.valid ? 'status-succeeded' : 'status-failed'}`}>{m.valid ? 'valid' : 'invalid'}</span>
              {m.novel === null ? null : <span className="badge">{m.novel ? 'novel' : 'known'}</span>}
            </p>
            {m.properties ? (
              <dl className="facts small">
                {PROPERTY_LABELS.map(([k, label]) => (
                  <div key={k}>
                    <dt>{label}</dt>
                    <dd>{typeof m.properties?.[k] === 'number' ? Number(m.properties[k].toPrecision(4)) : '—'}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
