import { CollocationIndex, findCollocations } from './collocations';

const CARDIOLOGY = [
  'Blood pressure remains elevated. Chest pain on exertion, relieved by rest.',
  'Chest pain resolved. Blood pressure controlled on lisinopril. Ejection fraction preserved.',
  'Atypical chest pain. Blood pressure normal. Ejection fraction reduced, heart failure suspected.',
  'Heart failure with reduced ejection fraction. Blood pressure low. Pain in chest denied.',
];

describe('findCollocations', () => {
  const found = findCollocations(CARDIOLOGY, { minCount: 3 });

  it('ranks the recurring clinical pairs of a specialty by log-likelihood', () => {
    expect(found.map((c) => c.bigram)).toEqual(['blood pressure', 'ejection fraction', 'chest pain']);
    expect(found[0].count).toBe(4);
    expect(found.every((c) => c.pmi > 0 && c.logLikelihood > 0)).toBe(true);
    for (let i = 1; i < found.length; i++) expect(found[i - 1].logLikelihood).toBeGreaterThanOrEqual(found[i].logLikelihood);
  });

  it('applies the frequency floor and never pairs across punctuation or a removed word', () => {
    expect(findCollocations(CARDIOLOGY, { minCount: 2 }).map((c) => c.bigram)).toContain('heart failure');
    expect(found.map((c) => c.bigram)).not.toContain('heart failure');
    const all = findCollocations(CARDIOLOGY, { minCount: 1, limit: 1000 }).map((c) => c.bigram);
    expect(all).not.toContain('pain chest');
    expect(all).not.toContain('elevated chest');
  });

  it('matches a hand computation of G2 and PMI', () => {
    const [only] = findCollocations(['aaa bbb. aaa bbb. ccc ddd eee.'], { minCount: 2 });
    // unigrams 7 words (aaa 2, bbb 2), pairs 4; PMI = log2((2/4) / ((2/7) * (2/7))).
    expect(only.pmi).toBeCloseTo(Math.log2(0.5 / (4 / 49)), 10);
    // k11 = 2, k12 = 0, k21 = 0, k22 = 2: G2 = 2 * (2 ln 2 + 2 ln 2 - 4 ln 2 - 4 ln 2 + 4 ln 4) = 8 ln 2.
    expect(only.logLikelihood).toBeCloseTo(8 * Math.log(2), 10);
  });

  it('refuses bad options', () => {
    expect(() => findCollocations(CARDIOLOGY, { minCount: 0 })).toThrow(/minCount/);
    expect(() => findCollocations(CARDIOLOGY, { limit: 0 })).toThrow(/limit/);
  });
});

describe('CollocationIndex', () => {
  const NEUROLOGY = ['Seizure activity noted. Blood pressure normal.', 'Seizure activity resolved. Lumbar puncture done.', 'Lumbar puncture normal. Seizure activity absent.'];
  const index = new CollocationIndex();
  CARDIOLOGY.forEach((text) => index.add(text, 'cardiology'));
  NEUROLOGY.forEach((text) => index.add(text, 'neurology'));

  it('gives each group the collocations of its own notes', () => {
    expect(index.size).toBe(7);
    expect(index.groupNames()).toEqual(['cardiology', 'neurology']);
    expect(index.groupCollocations('cardiology')).toEqual(findCollocations(CARDIOLOGY));
    expect(index.groupCollocations('neurology').map((c) => c.bigram)).toEqual(['seizure activity']);
    expect(index.groupCollocations('neurology', { minCount: 2 }).map((c) => c.bigram)).toContain('lumbar puncture');
    expect(index.groupCollocations('dermatology')).toEqual([]);
    // Across every note "blood pressure" occurs 5 times.
    expect(index.collocations({ limit: 1 })[0]).toMatchObject({ bigram: 'blood pressure', count: 5 });
  });

  it('scores the pairs of one note against the collection, counting an indexed note once', () => {
    const note = 'Blood pressure stable. Seizure activity recurred. Lumbar puncture planned.';
    const scored = index.collocationsOf(note, { minCount: 3 });
    // Not in the index: its counts are added, so "lumbar puncture" reaches 3; "pressure stable" stays rare.
    expect(scored.map((c) => c.bigram).sort()).toEqual(['blood pressure', 'lumbar puncture', 'seizure activity']);
    expect(scored.every((c) => c.count === 1)).toBe(true);
    const both = new CollocationIndex();
    for (const text of [...CARDIOLOGY, ...NEUROLOGY, note]) both.add(text);
    // The same statistics whether the note is added beforehand or scored from outside.
    expect(both.collocationsOf(note, { minCount: 3 })).toEqual(scored);
    // Scores are those of the pair over the collection and the note together.
    const pooled = new Map(findCollocations([...CARDIOLOGY, ...NEUROLOGY, note], { minCount: 1, limit: 1000 }).map((c) => [c.bigram, c]));
    for (const c of scored) {
      expect(c.logLikelihood).toBeCloseTo(pooled.get(c.bigram)?.logLikelihood ?? NaN, 10);
      expect(c.pmi).toBeCloseTo(pooled.get(c.bigram)?.pmi ?? NaN, 10);
    }
  });

  it("falls back to the note's own counts, keeping the pairs it repeats", () => {
    const own = new CollocationIndex().collocationsOf('Chest pain at rest. Chest pain on exertion. Rest helps.');
    expect(own.map((c) => [c.bigram, c.count])).toEqual([['chest pain', 2]]);
    expect(() => index.collocationsOf('x', { limit: 0 })).toThrow(/limit/);
  });
});
