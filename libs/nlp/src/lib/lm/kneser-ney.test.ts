import { buildKneserNey, modifiedKneserNeyDiscounts } from './kneser-ney';
import { BOS } from './vocabulary';

// Values from tools/reference/kneser_ney_reference.py (an independent dictionary implementation of the
// interpolated recursion); its TRAIN/TEST sentences are copied here.
const TRAIN = [
  'the patient denies chest pain',
  'the patient reports chest pain on exertion',
  'the patient denies shortness of breath',
  'patient denies fever or chills',
  'the patient has a history of hypertension',
  'the patient has a history of diabetes',
  'no chest pain no shortness of breath',
  'the pain is worse on exertion',
  'she denies chest pain and fever',
  'he reports fever and chills',
  'the patient was given aspirin',
  'the patient was given metoprolol for hypertension',
  'history of diabetes and hypertension',
  'the patient denies chest pain',
  'chest pain resolved with aspirin',
  'the patient reports shortness of breath on exertion',
].map((line) => line.split(' '));
const TEST = ['the patient denies chest pain and shortness of breath', 'she has a history of asthma', 'fever resolved with aspirin'].map((line) =>
  line.split(' '),
);
const REFERENCE_PROBABILITIES: [string, string, number][] = [
  ['the patient', 'denies', 0.238075905753],
  ['patient denies', 'chest', 0.456397282243],
  ['denies chest', 'pain', 0.544025405861],
  ['chest pain', '</s>', 0.205947957838],
  ['the', 'pain', 0.106417276588],
  ['of', 'hypertension', 0.073841091067],
  ['a history', 'of', 0.853966852477],
  ['history of', 'asthma', 0.00956343020795],
  ['<s>', 'the', 0.518613163007],
  ['<s> the', 'patient', 0.639445337189],
  ['was given', 'aspirin', 0.221868208789],
  ['', 'patient', 0.0307282913165],
];
const REFERENCE_PERPLEXITY = [30.0216035715, 8.14763797538, 7.33173835831, 6.60375108936, 6.99244246875];

function probability(model: ReturnType<typeof buildKneserNey>, context: string, word: string): number {
  let state = model.startState();
  let next = model.startState();
  state.length = 0;
  for (const token of context.split(' ').filter(Boolean)) {
    model.scoreId(state, model.vocabulary.id(token), next);
    [state, next] = [next, state];
  }
  return Math.pow(10, model.scoreId(state, model.vocabulary.id(word), next).logProb);
}

describe('buildKneserNey', () => {
  const model = buildKneserNey(TRAIN, { order: 3 });

  it('computes Chen & Goodman discounts as the reference does', () => {
    expect(model.discounts.map((d) => [d.d1, d.d2, d.d3Plus])).toEqual([
      [expect.closeTo(0.485714285714, 10), expect.closeTo(1.190476190476, 10), expect.closeTo(2.611428571429, 10)],
      [expect.closeTo(0.838709677419, 10), expect.closeTo(0.490322580645, 10), expect.closeTo(1.881720430108, 10)],
      [expect.closeTo(0.706666666667, 10), expect.closeTo(1.229090909091, 10), expect.closeTo(3, 10)],
    ]);
    expect(modifiedKneserNeyDiscounts([5, 0, 1, 1])).toBeNull();
  });

  it.each(REFERENCE_PROBABILITIES)('P(%s | %s) matches the reference', (context, word, expected) => {
    expect(probability(model, context, word)).toBeCloseTo(expected, 6);
  });

  it.each([1, 2, 3, 4, 5])('order %i perplexity matches the reference', (order) => {
    const result = buildKneserNey(TRAIN, { order }).perplexity(TEST);
    expect(result.perplexity / REFERENCE_PERPLEXITY[order - 1]).toBeCloseTo(1, 6);
    expect(result.tokens).toBe(19 + 3);
    expect(result.oovs).toBe(1);
  });

  it('gives distributions that sum to one', () => {
    for (const context of ['the patient', 'denies chest', 'zzz unseen', '']) {
      const state: { entries: Int32Array; length: number } = { entries: new Int32Array(3), length: 0 };
      let next = model.startState();
      let current = state;
      for (const token of context.split(' ').filter(Boolean)) {
        model.scoreId(current, model.vocabulary.id(token), next);
        [current, next] = [next, current];
      }
      let sum = 0;
      for (let id = 0; id < model.vocabulary.size; id++) {
        if (model.vocabulary.words[id] !== BOS) sum += Math.pow(10, model.scoreId(current, id, next).logProb);
      }
      expect(sum).toBeCloseTo(1, 5);
    }
  });

  it('maps rare words to <unk> with a count cut-off', () => {
    const cut = buildKneserNey(TRAIN, { order: 2, minCount: 2 });
    expect(cut.vocabulary.has('metoprolol')).toBe(false);
    expect(cut.vocabulary.has('patient')).toBe(true);
    expect(cut.scoreSentence(['metoprolol'])[0].oov).toBe(true);
  });

  it('completes a prefix with the most probable words first', () => {
    const completions = model.complete(['the', 'patient'], 3);
    expect(completions.map((c) => c.word)).toEqual(['denies', 'reports', 'has']);
    expect(completions[1].logProb).toBeGreaterThanOrEqual(completions[2].logProb);
    expect(completions[0].probability).toBeCloseTo(0.238075905753, 6);
  });

  it('refuses a bad order and an empty corpus', () => {
    expect(() => buildKneserNey(TRAIN, { order: 0 })).toThrow(/order/);
    expect(() => buildKneserNey([], { order: 3 })).toThrow(/no sentences/);
  });
});
