import { checkText, type TextInputOptions } from '../text/text-input';
import { ABBREVIATIONS, builtinDictionary } from './clinical-dictionary';
import { ConceptMatcher, wordTokens, type ConceptType, type DictionaryEntry, type Token } from './concept-matcher';
import { CollocationIndex, type Collocation } from './collocations';
import { applyContext, type ContextFlags } from './context';
import { KeywordIndex, type Keyword } from './keywords';
import { detectSections, sectionAt, type Section, type SectionType } from './sections';

export interface MinedConcept extends ContextFlags {
  text: string;
  start: number;
  end: number;
  type: ConceptType;
  preferred: string;
  code: string | null;
  system: string | null;
  expandedFrom: string | null;
  section: SectionType | null;
}

export interface MinedNote {
  sections: Section[];
  concepts: MinedConcept[];
  keywords: Keyword[];
  /** Adjacent content-word pairs of the note that are collocations (see CollocationIndex.collocationsOf). */
  collocations: Collocation[];
}

export interface NoteMinerOptions {
  /** Dictionary entries from the database and users; they take precedence over the built-in list. */
  dictionary?: Iterable<DictionaryEntry>;
  /** Leave the built-in dictionary out. */
  builtin?: boolean;
  abbreviations?: Record<string, string>;
  /** Document frequencies for keyword scores (a corpus of notes); without it, term counts rank keywords. */
  keywordIndex?: KeywordIndex;
  keywordCount?: number;
  /**
   * Pair counts of a corpus of notes to score a note's word pairs against; without it a note's
   * collocations are the pairs it repeats, scored on its own counts.
   */
  collocationIndex?: CollocationIndex;
  /** At most this many collocations per note (default 10). */
  collocationCount?: number;
}

// Sections whose whole content is historical or about relatives, whatever the sentence says.
const HISTORICAL_SECTIONS = new Set<SectionType>(['past_medical_history', 'past_surgical_history']);
const FAMILY_SECTIONS = new Set<SectionType>(['family_history']);

/** Token ranges of sentences: a break at . ! ? ; or a line break between tokens, and at section starts. */
function sentenceRanges(text: string, tokens: readonly Token[], sections: readonly Section[]): { from: number; to: number }[] {
  const starts = new Set(sections.map((s) => s.start));
  const ranges: { from: number; to: number }[] = [];
  let from = 0;
  for (let i = 1; i <= tokens.length; i++) {
    const between = i < tokens.length ? text.slice(tokens[i - 1].end, tokens[i].start) : '';
    const sectionBreak = i < tokens.length && [...starts].some((s) => s > tokens[i - 1].end && s <= tokens[i].start);
    if (i === tokens.length || /[.!?;:\n]/.test(between) || sectionBreak) {
      ranges.push({ from, to: i });
      from = i;
    }
  }
  return ranges;
}

/** Sections, concepts with ConText flags and spans, keywords and collocations of one clinical note. */
export class NoteMiner {
  private readonly matcher: ConceptMatcher;
  private readonly keywordIndex: KeywordIndex | undefined;
  private readonly keywordCount: number;
  private readonly collocationIndex: CollocationIndex;
  private readonly collocationCount: number;

  constructor(options: NoteMinerOptions = {}) {
    const entries = [...(options.dictionary ?? []), ...(options.builtin === false ? [] : builtinDictionary())];
    this.matcher = new ConceptMatcher(entries, { ...ABBREVIATIONS, ...(options.abbreviations ?? {}) });
    this.keywordIndex = options.keywordIndex;
    this.keywordCount = options.keywordCount ?? 10;
    this.collocationIndex = options.collocationIndex ?? new CollocationIndex();
    this.collocationCount = options.collocationCount ?? 10;
  }

  mine(input: string, options: TextInputOptions = {}): MinedNote {
    const text = checkText(input, options);
    const sections = detectSections(text);
    const tokens = wordTokens(text);
    const matches = this.matcher.match(tokens);
    const concepts: MinedConcept[] = [];
    for (const range of sentenceRanges(text, tokens, sections)) {
      const inside = matches.filter((m) => m.tokenStart >= range.from && m.tokenEnd <= range.to);
      if (inside.length === 0) continue;
      const flags = applyContext(tokens, range, inside);
      inside.forEach((match, i) => {
        const section = sectionAt(sections, match.start)?.type ?? null;
        const { tokenStart: _first, tokenEnd: _end, ...rest } = match;
        concepts.push({
          ...rest,
          text: text.slice(match.start, match.end),
          ...flags[i],
          historical: flags[i].historical || (section !== null && HISTORICAL_SECTIONS.has(section)),
          otherExperiencer: flags[i].otherExperiencer || (section !== null && FAMILY_SECTIONS.has(section)),
          section,
        });
      });
    }
    const keywords = (this.keywordIndex ?? new KeywordIndex()).keywordsOf(text, this.keywordCount);
    const collocations = this.collocationIndex.collocationsOf(text, { limit: this.collocationCount });
    return { sections, concepts, keywords, collocations };
  }
}
