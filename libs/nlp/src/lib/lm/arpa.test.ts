import { PmedError } from '@pmed/core';
import { arpaToString, readArpa } from './arpa';
import { buildKneserNey } from './kneser-ney';
import { deserializeLanguageModel, serializeLanguageModel } from './model-file';

const TRAIN = [
  'the patient denies chest pain',
  'the patient reports chest pain on exertion',
  'no chest pain no shortness of breath',
  'the patient has a history of hypertension',
  'she denies chest pain and fever',
  'the patient denies chest pain',
].map((line) => line.split(' '));
const TEST = ['the patient denies fever', 'she has chest pain on exertion', 'unknown words here'].map((line) => line.split(' '));

/** A separate, map-based reading of an ARPA file, as SRILM scores with one. */
function arpaPerplexity(arpa: string, sentences: string[][]): number {
  const prob = new Map<string, number>();
  const backoff = new Map<string, number>();
  let order = 0;
  for (const line of arpa.split('\n')) {
    const section = /^\\(\d+)-grams:$/.exec(line);
    if (section) order = Number(section[1]);
    else if (order > 0 && line.includes('\t')) {
      const [p, words, bo] = line.split('\t');
      prob.set(words, Number(p));
      if (bo !== undefined) backoff.set(words, Number(bo));
    }
  }
  const score = (history: string[], word: string): number => {
    for (let start = 0; start <= history.length; start++) {
      const context = history.slice(start);
      const p = prob.get([...context, word].join(' '));
      if (p !== undefined) return p;
      const bo = backoff.get(context.join(' ')) ?? 0;
      if (start < history.length) {
        return bo + score(history.slice(start + 1), word);
      }
    }
    return prob.get(word) ?? prob.get('<unk>')!;
  };
  let total = 0;
  let count = 0;
  for (const sentence of sentences) {
    const history = ['<s>'];
    for (const raw of [...sentence, '</s>']) {
      const word = prob.has(raw) ? raw : '<unk>';
      total += score(history.slice(-(order - 1)), word);
      history.push(word);
      count++;
    }
  }
  return Math.pow(10, -total / count);
}

describe('ARPA export and import', () => {
  it.each([1, 2, 3, 5])('order %i: perplexity from the exported ARPA equals the library\'s own', (order) => {
    const model = buildKneserNey(TRAIN, { order });
    const arpa = arpaToString(model);
    expect(arpa.startsWith('\\data\\\nngram 1=')).toBe(true);
    const own = model.perplexity(TEST).perplexity;
    expect(arpaPerplexity(arpa, TEST) / own).toBeCloseTo(1, 6);
    const imported = readArpa(arpa);
    expect(imported.counts()).toEqual(model.counts());
    expect(imported.perplexity(TEST).perplexity / own).toBeCloseTo(1, 9);
    expect(arpaToString(imported)).toBe(arpa);
  });

  it('fills in n-grams a pruned file leaves out', () => {
    const arpa = ['\\data\\', 'ngram 1=4', 'ngram 2=1', '', '\\1-grams:', '-1\t<s>\t-0.3', '-0.5\ta\t-0.2', '-0.6\tb', '-0.7\t</s>', '', '\\2-grams:', '-0.1\ta b', '', '\\end\\'].join(
      '\n',
    );
    const model = readArpa(arpa);
    expect(model.scoreSentence(['a', 'b']).map((s) => s.logProb)).toEqual([
      expect.closeTo(-0.3 - 0.5, 6),
      expect.closeTo(-0.1, 6),
      expect.closeTo(-0.7, 6),
    ]);
  });

  it.each([
    ['no header', 'ngram 1=1\n', 'ARPA_BAD_HEADER'],
    ['a wrong count', '\\data\\\nngram 1=3\n\n\\1-grams:\n-1\t<s>\n-1\t</s>\n\n\\end\\\n', 'ARPA_COUNT_MISMATCH'],
    ['a bad number', '\\data\\\nngram 1=2\n\n\\1-grams:\nx\t<s>\n-1\t</s>\n\n\\end\\\n', 'ARPA_BAD_LINE'],
    ['no end', '\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t<s>\n-1\t</s>\n', 'ARPA_BAD_HEADER'],
    ['an unknown word', '\\data\\\nngram 1=2\nngram 2=1\n\n\\1-grams:\n-1\t<s>\t0\n-1\t</s>\t0\n\n\\2-grams:\n-1\t<s> zz\n\n\\end\\\n', 'ARPA_UNKNOWN_WORD'],
  ])('refuses %s with a stable reason', (_name, text, reason) => {
    expect.assertions(2);
    try {
      readArpa(text);
    } catch (error) {
      expect((error as PmedError).code).toBe('UNSUPPORTED_FORMAT');
      expect((error as PmedError).details.reason).toBe(reason);
    }
  });
});

describe('model files', () => {
  it('saves and loads a model that scores the same', () => {
    const model = buildKneserNey(TRAIN, { order: 4 });
    const bytes = serializeLanguageModel(model);
    const loaded = deserializeLanguageModel(bytes);
    expect(loaded.perplexity(TEST)).toEqual(model.perplexity(TEST));
    expect(loaded.complete(['the'], 3)).toEqual(model.complete(['the'], 3));
    expect(loaded.discounts).toEqual(model.discounts);
  });

  it('refuses a damaged file', () => {
    const bytes = serializeLanguageModel(buildKneserNey(TRAIN, { order: 2 }));
    bytes[bytes.length - 40] ^= 0xff;
    expect(() => deserializeLanguageModel(bytes)).toThrow(/checksum/);
    expect(() => deserializeLanguageModel(Buffer.from('hello'))).toThrow(/not a pmed/);
  });
});
