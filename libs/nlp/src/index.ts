export { Vocabulary, UNK, BOS, EOS, UNK_ID, BOS_ID, EOS_ID } from './lib/lm/vocabulary';
export { NgramTable } from './lib/lm/ngram-table';
export {
  NgramLanguageModel,
  type ModelDiscounts,
  type TokenScore,
  type PerplexityResult,
  type Completion,
} from './lib/lm/language-model';
export { buildKneserNey, modifiedKneserNeyDiscounts, MAX_ORDER, DEFAULT_DISCOUNT_FALLBACK, type KneserNeyOptions, type Sentences } from './lib/lm/kneser-ney';
export { writeArpa, arpaToString, readArpa, ArpaError } from './lib/lm/arpa';
export { serializeLanguageModel, deserializeLanguageModel } from './lib/lm/model-file';
export { checkText, TextInputError, DEFAULT_MAX_TEXT_LENGTH, type TextInputOptions } from './lib/text/text-input';
export { tokenizeWords, tokenizeSentences, type TokenizeOptions } from './lib/text/tokenize';
export { detectSections, classifyHeading, SECTION_TYPES, type Section, type SectionType } from './lib/mining/sections';
export { ConceptMatcher, wordTokens, type DictionaryEntry, type ConceptType, type ConceptMatch } from './lib/mining/concept-matcher';
export { builtinDictionary, ABBREVIATIONS } from './lib/mining/clinical-dictionary';
export { applyContext, CONTEXT_TRIGGERS, type ContextFlags } from './lib/mining/context';
export { KeywordIndex, keywordTerms, type Keyword } from './lib/mining/keywords';
export { NoteMiner, type MinedNote, type MinedConcept, type NoteMinerOptions } from './lib/mining/mine-note';
export { deidentify, type DeidStrategy, type DeidOptions, type DeidResult } from './lib/deid/deidentify';
export { findPhi, PHI_TYPES, type PhiType, type PhiSpan } from './lib/deid/phi-patterns';
export { scoreDeidentification, type TypeScore, type LabelledSpan } from './lib/deid/evaluate-deid';
export { feedbackSentiment, sentimentToRating, CLINICAL_POLARITY, type FeedbackSentiment } from './lib/sentiment/feedback-sentiment';
export { findCollocations, CollocationIndex, type Collocation, type CollocationOptions } from './lib/mining/collocations';
