import { StringIds } from './string-ids';

describe('StringIds', () => {
  it('gives dense ids in order of addition and finds them again across growth', () => {
    const ids = new StringIds(2);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    words.forEach((word, i) => expect(ids.add(word)).toBe(i));
    expect(ids.size).toBe(5000);
    words.forEach((word, i) => expect(ids.get(word)).toBe(i));
    expect(ids.add('w0')).toBe(0);
    expect(ids.get('missing')).toBe(-1);
    expect(ids.words.slice(0, 3)).toEqual(['w0', 'w1', 'w2']);
  });

  it('tells apart strings that differ only beyond ASCII, and the empty string', () => {
    const ids = new StringIds();
    for (const word of ['café', 'cafe', 'cafe\u0301', '', '😀', '\ud83d']) ids.add(word);
    expect(['café', 'cafe', 'cafe\u0301', '', '😀', '\ud83d'].map((w) => ids.get(w))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('selects a subset in a new order', () => {
    const ids = new StringIds();
    for (const word of ['a', 'b', 'c', 'd']) ids.add(word);
    const chosen = ids.select([3, 0, 2]);
    expect(chosen.words).toEqual(['d', 'a', 'c']);
    expect(['d', 'a', 'c', 'b'].map((w) => chosen.get(w))).toEqual([0, 1, 2, -1]);
    expect(chosen.add('e')).toBe(3);
    expect(chosen.get('e')).toBe(3);
  });
});
