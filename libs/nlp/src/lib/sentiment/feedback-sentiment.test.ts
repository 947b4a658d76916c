import { ErrorCode } from '@pmed/core';
import { feedbackSentiment, sentimentToRating } from './feedback-sentiment';

const score = (text: string): number => feedbackSentiment(text).score;

describe('feedbackSentiment', () => {
  it('reads plain praise and complaints', () => {
    expect(score('Dr. Lee was kind, thorough and very helpful.')).toBeGreaterThan(0.5);
    expect(score('The nurse was rude and the visit was a waste of time.')).toBeLessThan(-0.3);
  });

  it('turns negated symptoms into a good outcome and negated praise into a complaint', () => {
    expect(score('No pain since I started this drug, no nausea either.')).toBeGreaterThan(0.3);
    expect(score('The doctor was not helpful.')).toBeLessThan(0);
    expect(score("This medication didn't help at all.")).toBeLessThan(0);
    expect(feedbackSentiment('without side effects').terms).toEqual([{ word: 'side-effects', polarity: 2, negated: true }]);
  });

  it('ends a negation at its clause, unlike natural, which flips to the end of the sentence', () => {
    expect(score('No pain, but the staff were rude.')).toBeLessThan(0.2);
    expect(feedbackSentiment('Not rushed, and she listened carefully.').terms.find((t) => t.word === 'listened')).toMatchObject({ polarity: 2, negated: false });
  });

  it('does not read test results or disease names as opinions', () => {
    expect(score('My biopsy came back positive.')).toBe(0);
    expect(score('Test was negative for cancer.')).toBe(0);
    expect(score('Great cancer doctor.')).toBeGreaterThan(0.4);
  });

  it('finds no opinion in neutral text', () => {
    expect(score('Took 20 mg every morning for six weeks.')).toBe(0);
  });

  it('refuses empty feedback with a stable code', () => {
    expect(() => feedbackSentiment('   ')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });
});

describe('sentimentToRating', () => {
  it('maps -1..1 linearly onto the rating scale, to half points', () => {
    expect(sentimentToRating(-1)).toBe(1);
    expect(sentimentToRating(0)).toBe(3);
    expect(sentimentToRating(1)).toBe(5);
    expect(sentimentToRating(0.6)).toBe(4);
    expect(sentimentToRating(0.3, { min: 0, max: 10 })).toBe(6.5);
    expect(sentimentToRating(Number.NaN)).toBe(3);
    expect(sentimentToRating(7)).toBe(5);
  });
});
