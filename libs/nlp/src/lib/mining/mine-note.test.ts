import { NoteMiner } from './mine-note';
import { CollocationIndex } from './collocations';
import { KeywordIndex } from './keywords';
import { detectSections } from './sections';

const MTSAMPLES_STYLE =
  'SUBJECTIVE:,  This 23-year-old white female presents with complaint of allergies.  She does have asthma but does not require daily medication.,' +
  'MEDICATIONS: , Her only medication currently is Ortho Tri-Cyclen and the Allegra.,ALLERGIES: , She has no known medicine allergies.,' +
  'OBJECTIVE:,Vitals:  Weight was 130 pounds.,Lungs:  Clear.,ASSESSMENT:,  Allergic rhinitis.,PLAN:,1.  She will try Zyrtec instead of Allegra again.';

describe('detectSections', () => {
  it('finds MTSamples headings joined by commas', () => {
    const sections = detectSections(MTSAMPLES_STYLE);
    expect(sections.map((s) => s.type)).toEqual(['subjective', 'medications', 'allergies', 'objective', 'vital_signs', 'physical_exam', 'assessment', 'plan']);
    const assessment = sections[6];
    expect(MTSAMPLES_STYLE.slice(assessment.start, assessment.end)).toBe('Allergic rhinitis.');
  });

  it('finds title-case headings at line starts', () => {
    const note = 'Chief Complaint: chest pain\nHistory of Present Illness: 3 days of pain.\nFamily History: mother with diabetes.';
    expect(detectSections(note).map((s) => s.type)).toEqual(['chief_complaint', 'history_of_present_illness', 'family_history']);
  });
});

describe('NoteMiner', () => {
  const miner = new NoteMiner({ dictionary: [{ term: 'Ortho Tri-Cyclen', type: 'drug', code: 'X1', system: 'local' }] });

  it('extracts concepts with spans, codes and abbreviation expansion', () => {
    const text = 'Patient with HTN and DM, on ASA. Ortho Tri-Cyclen daily.';
    const { concepts } = miner.mine(text);
    expect(concepts.map((c) => [c.preferred, c.type, c.code, c.expandedFrom])).toEqual([
      ['hypertension', 'condition', 'I10', 'hypertension'],
      ['diabetes mellitus', 'condition', 'E11.9', 'diabetes mellitus'],
      ['aspirin', 'drug', null, 'aspirin'],
      ['Ortho Tri-Cyclen', 'drug', 'X1', null],
    ]);
    for (const c of concepts) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it('marks negated, uncertain, historical and family concepts', () => {
    const text =
      'She denies chest pain, fever, or chills. Possible pneumonia. History of asthma. Her mother has diabetes. ' +
      'No cough but reports nausea. Stroke was ruled out.';
    const byName = new Map(miner.mine(text).concepts.map((c) => [c.preferred, c]));
    expect(byName.get('chest pain')).toMatchObject({ negated: true, uncertain: false });
    expect(byName.get('fever')?.negated).toBe(true);
    expect(byName.get('chills')?.negated).toBe(true);
    expect(byName.get('pneumonia')).toMatchObject({ uncertain: true, negated: false });
    expect(byName.get('asthma')).toMatchObject({ historical: true, negated: false });
    expect(byName.get('diabetes mellitus')).toMatchObject({ otherExperiencer: true, negated: false });
    expect(byName.get('cough')?.negated).toBe(true);
    expect(byName.get('nausea')?.negated).toBe(false);
    expect(byName.get('stroke')?.negated).toBe(true);
  });

  it('uses sections for history and family flags', () => {
    const text = 'PAST MEDICAL HISTORY: Hypertension.\nFAMILY HISTORY: Colon cancer.\nASSESSMENT: Asthma.';
    const concepts = miner.mine(text).concepts;
    expect(concepts.map((c) => [c.preferred, c.section, c.historical, c.otherExperiencer])).toEqual([
      ['hypertension', 'past_medical_history', true, false],
      ['cancer', 'family_history', false, true],
      ['asthma', 'assessment', false, false],
    ]);
  });

  it('ranks keywords by TF-IDF against a corpus', () => {
    const index = new KeywordIndex();
    index.add('patient has chest pain and chest tightness', 'cardiology');
    index.add('patient has knee pain after a fall', 'orthopedics');
    index.add('patient has cough and fever', 'pulmonology');
    expect(index.keywords(0, 1)[0].term).toBe('chest');
    expect(index.groupKeywords('orthopedics', 2).map((k) => k.term).sort()).toEqual(['fall', 'knee']);
    const withIndex = new NoteMiner({ keywordIndex: index }).mine('Chest pain. Chest pressure. Pain.');
    expect(withIndex.keywords[0].term).toBe('chest');
  });

  it('finds collocations in the note, or against a corpus when given one', () => {
    const text = 'Shortness of breath on exertion. Ejection fraction reduced. Ejection fraction 35 percent. Chest pain denied.';
    expect(miner.mine(text).collocations.map((c) => [c.bigram, c.count])).toEqual([['ejection fraction', 2]]);
    const index = new CollocationIndex();
    for (let i = 0; i < 3; i++) index.add('Chest pain on exertion. Ejection fraction normal.');
    const withIndex = new NoteMiner({ collocationIndex: index, collocationCount: 1 }).mine(text);
    expect(withIndex.collocations).toHaveLength(1);
    expect(['chest pain', 'ejection fraction']).toContain(withIndex.collocations[0].bigram);
    expect(new NoteMiner({ collocationIndex: index }).mine(text).collocations.map((c) => c.bigram).sort()).toEqual(['chest pain', 'ejection fraction']);
  });

  it('refuses empty and oversized text', () => {
    expect(() => miner.mine('   ')).toThrow(/empty/);
    expect(() => miner.mine('x'.repeat(20), { maxLength: 10 })).toThrow(/over the limit/);
  });
});
