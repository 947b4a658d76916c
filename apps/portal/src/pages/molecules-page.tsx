import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/graphql';
import { useAction, useQuery } from '../api/use-gql';
import { useDebounced } from '../components/debounce';
import { ErrorMessage, Loading } from '../components/status';

const GENERATE = `mutation Generate($input: GenerateMoleculesInput!) {
  generateMolecules(input: $input) {
    modelName modelVersion
    molecules { smiles canonicalSmiles valid novel svg properties { qed logP molecularWeight tpsa hbd hba rotatableBonds aromaticRings heavyAtoms alerts } }
  }
}`;

const DESCRIBE = `query Molecule($smiles: String!) {
  molecule(smiles: $smiles) { smiles canonicalSmiles svg properties { qed logP molecularWeight tpsa hbd hba rotatableBonds aromaticRings heavyAtoms alerts } }
}`;

/** How long typing must pause before the seed is checked. */
export const SEED_PREVIEW_DELAY_MS = 400;

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

interface MoleculeInfo {
  smiles: string;
  canonicalSmiles: string;
  svg: string;
  properties: Record<string, number>;
}

function PropertyFacts({ properties }: { properties: Record<string, number> }) {
  return (
    <dl className="facts small">
      {PROPERTY_LABELS.map(([k, label]) => (
        <div key={k}>
          <dt>{label}</dt>
          <dd>{typeof properties[k] === 'number' ? Number(properties[k].toPrecision(4)) : '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export type SeedPreviewState =
  | { kind: 'none' }
  | { kind: 'checking' }
  | { kind: 'valid'; molecule: MoleculeInfo }
  | { kind: 'invalid'; smiles: string; reason: string }
  | { kind: 'failed'; error: unknown };

/**
 * What the seed preview shows for the seed as typed (`seed`), the seed last checked after typing paused
 * (`settled`) and the state of that check: nothing stale is shown while typing goes on.
 */
export function seedPreviewState(seed: string, settled: string, check: { data: { molecule: MoleculeInfo } | null; error: unknown; loading: boolean }): SeedPreviewState {
  if (!seed) return { kind: 'none' };
  if (seed !== settled || check.loading) return { kind: 'checking' };
  if (check.error instanceof ApiError && check.error.code === 'BAD_USER_INPUT') {
    return { kind: 'invalid', smiles: seed, reason: check.error.message.replace(/^smiles:\s*/i, '') };
  }
  if (check.error) return { kind: 'failed', error: check.error };
  return check.data ? { kind: 'valid', molecule: check.data.molecule } : { kind: 'checking' };
}

/** "unclosed ring 1" -> "Unclosed ring 1." */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The seed molecule as RDKit reads it (depiction and properties), or why it cannot be read. */
export function SeedPreview({ state }: { state: SeedPreviewState }) {
  if (state.kind === 'none') return null;
  if (state.kind === 'checking') return <Loading label="Checking the seed molecule…" />;
  if (state.kind === 'failed') return <ErrorMessage error={state.error} />;
  if (state.kind === 'invalid') {
    return (
      <div className="error" role="alert" data-testid="seed-invalid">
        <strong>
          <code>{state.smiles}</code> is not a valid SMILES.
        </strong>
        <p>{sentence(state.reason)} Fix the seed, or clear it to generate without one.</p>
      </div>
    );
  }
  const { molecule } = state;
  return (
    <figure className="panel seed-preview" data-testid="seed-preview">
      <img src={svgDataUrl(molecule.svg)} alt={`Structure of the seed ${molecule.canonicalSmiles}`} width={200} height={160} />
      <figcaption>
        <p className="smiles">
          Seed <code>{molecule.canonicalSmiles}</code>
        </p>
        <PropertyFacts properties={molecule.properties} />
      </figcaption>
    </figure>
  );
}

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
  const typedSeed = seed.trim();
  const settledSeed = useDebounced(typedSeed, SEED_PREVIEW_DELAY_MS);
  const check = useQuery<{ molecule: MoleculeInfo }>(DESCRIBE, settledSeed ? { smiles: settledSeed } : null);
  const preview = seedPreviewState(typedSeed, settledSeed, check);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (preview.kind === 'invalid') return;
    void generate.run({ input: { model, count, temperature, ...(typedSeed ? { seedSmiles: typedSeed } : {}) } });
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
        <button type="submit" disabled={generate.running || preview.kind === 'invalid'}>
          Generate
        </button>
      </form>
      <SeedPreview state={preview} />
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
            {m.properties ? <PropertyFacts properties={m.properties} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
