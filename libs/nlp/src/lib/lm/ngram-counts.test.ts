import { buildKneserNey } from './kneser-ney';
import { countNgrams, encodeCorpus } from './ngram-counts';
import { NgramTable } from './ngram-table';
import { StringIds } from './string-ids';
import { BOS_ID, EOS_ID, UNK_ID, Vocabulary } from './vocabulary';

const SENTENCES = ['b a c', 'a b', 'c a b', 'd'].map((s) => s.split(' '));

describe('encodeCorpus', () => {
  it('orders the vocabulary by frequency, ties in order of first sight', () => {
    const { vocabulary, stream, sentences } = encodeCorpus(SENTENCES, { minCount: 1 });
    // a and b 3 times (b seen first), c twice, d once.
    expect(vocabulary.words).toEqual(['<unk>', '<s>', '</s>', 'b', 'a', 'c', 'd']);
    expect(sentences).toBe(4);
    expect([...stream]).toEqual([1, 3, 4, 5, 2, 1, 4, 3, 2, 1, 5, 4, 3, 2, 1, 6, 2]);
  });

  it('makes rare words, literal special tokens and words past the size limit <unk>', () => {
    const rare = encodeCorpus([...SENTENCES, ['<s>', 'a', '<unk>']], { minCount: 2 });
    expect(rare.vocabulary.words).toEqual(['<unk>', '<s>', '</s>', 'a', 'b', 'c']);
    expect([...rare.stream.subarray(-5)]).toEqual([BOS_ID, UNK_ID, 3, UNK_ID, EOS_ID]);
    expect(rare.vocabulary.id('d')).toBe(UNK_ID);
    expect(rare.vocabulary.id('<s>')).toBe(BOS_ID);
    const small = encodeCorpus(SENTENCES, { minCount: 1, maxVocabulary: 5 });
    expect(small.vocabulary.words).toEqual(['<unk>', '<s>', '</s>', 'b', 'a']);
    expect(encodeCorpus(SENTENCES, { minCount: 1, maxVocabulary: 2 }).vocabulary.size).toBe(3);
  });

  it('refuses a token holding white space, ASCII or not', () => {
    expect(() => buildKneserNey([['chest pain']], { order: 2 })).toThrow(/white space/);
    expect(() => buildKneserNey([['chest\u00a0pain']], { order: 2 })).toThrow(/white space/);
    expect(buildKneserNey([['café', 'x\u00e9']], { order: 2 }).vocabulary.has('café')).toBe(true);
  });
});

describe('Vocabulary.adopt', () => {
  it('takes a table whose specials come first, and checks its words', () => {
    const ids = new StringIds();
    for (const word of ['<unk>', '<s>', '</s>', 'x']) ids.add(word);
    const vocabulary = Vocabulary.adopt(ids);
    expect(vocabulary.id('x')).toBe(3);
    expect(vocabulary.add('y')).toBe(4);
    const noSpecials = new StringIds();
    noSpecials.add('x');
    expect(() => Vocabulary.adopt(noSpecials)).toThrow(/special/);
    ids.add('two words');
    expect(() => Vocabulary.adopt(ids)).toThrow(/white space/);
  });
});

describe('countNgrams', () => {
  it('counts every order and links each n-gram to its suffix', () => {
    const corpus = encodeCorpus(SENTENCES, { minCount: 1 });
    const orders = countNgrams(corpus, 3);
    const words = corpus.vocabulary.words;
    const name = (k: number, e: number): string => (k === 0 ? words[e] : `${name(k - 1, orders[k].table.context[e])} ${words[orders[k].table.word[e]]}`);
    const listed = (k: number) => Array.from({ length: orders[k].table.size }, (_, e) => `${name(k, e)}:${orders[k].raw[e]}`).sort();
    expect(listed(1)).toEqual(['<s> a:1', '<s> b:1', '<s> c:1', '<s> d:1', 'a b:2', 'a c:1', 'b </s>:2', 'b a:1', 'c </s>:1', 'c a:1', 'd </s>:1'].sort());
    expect(listed(2)).toEqual(['<s> a b:1', '<s> b a:1', '<s> c a:1', '<s> d </s>:1', 'a b </s>:2', 'a c </s>:1', 'b a c:1', 'c a b:1'].sort());
    for (let k = 1; k < 3; k++) {
      const { table, suffix, startsWithBos } = orders[k];
      for (let e = 0; e < table.size; e++) {
        expect(name(k - 1, suffix[e])).toBe(name(k, e).split(' ').slice(1).join(' '));
        expect(startsWithBos[e] === 1).toBe(name(k, e).startsWith('<s>'));
      }
    }
    expect(orders[0].raw[BOS_ID]).toBe(4);
  });

  it('adds the pairs of a later pass to a table that already holds entries', () => {
    const table = new NgramTable(4, false);
    expect(table.insertEntry(7, 1)).toBe(0);
    const contexts = Int32Array.of(7, 7, -1, 8);
    const words = Uint32Array.of(0, 1, 2, 3);
    const entries = new Int32Array(4);
    const firstAt = new Int32Array(4);
    const counts = table.countPairs(contexts, words, 99, entries, firstAt);
    expect([...entries]).toEqual([-1, 0, 1, -1]);
    expect([...counts]).toEqual([1, 1]);
    expect(table.find(7, 2)).toBe(1);
    expect(firstAt[1]).toBe(2);
    table.compact();
    expect(table.logProb).toHaveLength(2);
    expect(table.find(7, 1)).toBe(0);
  });
});
