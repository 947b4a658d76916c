import { useState, type FormEvent } from 'react';
import { useAction } from '../api/use-gql';
import { ErrorMessage, Loading } from '../components/status';
import { segmentText } from './highlight';

const ANALYSE = `query Analyse($text: String!) {
  mined: mineNote(text: $text) {
    sections { type heading start end }
    concepts { text start end type preferred code negated uncertain historical otherExperiencer section }
    keywords { term score }
  }
  deid: deidentify(text: $text, strategy: redact) { text spans { start end type } }
}`;

interface Concept {
  text: string;
  start: number;
  end: number;
  type: string;
  preferred: string;
  code: string | null;
  negated: boolean;
  uncertain: boolean;
  historical: boolean;
  otherExperiencer: boolean;
  section: string | null;
}
interface Analysis {
  mined: { sections: { type: string; heading: string; start: number; end: number }[]; concepts: Concept[]; keywords: { term: string; score: number }[] };
  deid: { text: string; spans: { start: number; end: number; type: string }[] };
}

// Synthetic example (no real person): shows negation, uncertainty, family history and identifiers.
const EXAMPLE = `Patient: John Example, MRN 00012345, seen 03/14/2025 by Dr. Alice Sample. Phone 555-201-3344.

HISTORY OF PRESENT ILLNESS:
67 year old man with type 2 diabetes mellitus and hypertension presents with chest pain and shortness of breath. Denies fever or cough. Possible pneumonia.

FAMILY HISTORY:
Mother had stroke.

MEDICATIONS:
Metformin 500 mg twice daily, lisinopril 10 mg daily.

ASSESSMENT AND PLAN:
Rule out myocardial infarction. No evidence of DVT. Continue metformin.`;

function conceptClass(c: Concept): string {
  if (c.negated) return 'concept negated';
  if (c.uncertain) return 'concept uncertain';
  if (c.otherExperiencer) return 'concept family';
  if (c.historical) return 'concept historical';
  return 'concept affirmed';
}

function conceptLabel(c: Concept): string {
  const flags = [c.negated && 'negated', c.uncertain && 'uncertain', c.historical && 'historical', c.otherExperiencer && 'family'].filter(Boolean).join(', ');
  return `${c.type}: ${c.preferred}${c.code ? ` (${c.code})` : ''}${flags ? `, ${flags}` : ''}`;
}

export function NotesPage() {
  const [text, setText] = useState(EXAMPLE);
  const analyse = useAction<Analysis>(ANALYSE);
  const [analysedText, setAnalysedText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAnalysedText(text);
    void analyse.run({ text });
  };
  const a = analyse.data;
  return (
    <section>
      <h1>Notes</h1>
      <form onSubmit={submit} className="note-form">
        <label htmlFor="note-text">Clinical note</label>
        <textarea id="note-text" rows={10} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" disabled={analyse.running || !text.trim()}>
          Analyse note
        </button>
      </form>
      {analyse.running ? <Loading label="Mining the note…" /> : null}
      <ErrorMessage error={analyse.error} />
      {a ? (
        <>
          <p className="legend" aria-label="Legend">
            <span className="concept affirmed">affirmed</span> <span className="concept negated">negated</span> <span className="concept uncertain">uncertain</span>{' '}
            <span className="concept historical">historical</span> <span className="concept family">family member</span>
          </p>
          <div className="side-by-side">
            <section aria-labelledby="mined-h">
              <h2 id="mined-h">Concepts</h2>
              <div className="note-text" data-testid="mined-note">
                {segmentText(analysedText, a.mined.concepts).map((s, i) =>
                  s.span ? (
                    <mark key={i} className={conceptClass(s.span)} title={conceptLabel(s.span)}>
                      {s.text}
                      <span className="visually-hidden"> [{conceptLabel(s.span)}]</span>
                    </mark>
                  ) : (
                    <span key={i}>{s.text}</span>
                  ),
                )}
              </div>
            </section>
            <section aria-labelledby="deid-h">
              <h2 id="deid-h">De-identified</h2>
              <div className="note-text" data-testid="deid-note">
                {a.deid.text}
              </div>
              <p className="muted">{a.deid.spans.length} identifiers removed.</p>
            </section>
          </div>
          <div className="columns">
            <section aria-labelledby="sections-h">
              <h2 id="sections-h">Sections</h2>
              <ul className="plain">
                {a.mined.sections.map((s) => (
                  <li key={`${s.start}`}>
                    <strong>{s.heading || '(untitled)'}</strong> <span className="muted">{s.type}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="keywords-h">
              <h2 id="keywords-h">Keywords</h2>
              <ul className="chips">
                {a.mined.keywords.slice(0, 15).map((k) => (
                  <li key={k.term} className="chip">
                    {k.term}
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </>
      ) : null}
    </section>
  );
}
