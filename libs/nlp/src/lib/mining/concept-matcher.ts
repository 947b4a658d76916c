export type ConceptType = 'condition' | 'drug' | 'procedure';

export interface DictionaryEntry {
  /** The words to find (case-insensitive, matched on word boundaries). */
  term: string;
  type: ConceptType;
  /** The name the concept is reported under (defaults to the term). */
  preferred?: string;
  code?: string | null;
  system?: string | null;
}

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

export interface ConceptMatch {
  text: string;
  start: number;
  end: number;
  type: ConceptType;
  preferred: string;
  code: string | null;
  system: string | null;
  /** The abbreviation's expansion when the match was an abbreviation. */
  expandedFrom: string | null;
  /** Token indices [first, last + 1). */
  tokenStart: number;
  tokenEnd: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: DictionaryEntry;
}

const WORD = /[A-Za-z0-9]+(?:['/-][A-Za-z0-9]+)*/g;

export function wordTokens(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], lower: m[0].toLowerCase(), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/**
 * Longest-match dictionary look-up over word tokens (a token trie), so thousands of terms cost one
 * pass over the note. Abbreviations match case-sensitively and report their expansion's concept.
 */
export class ConceptMatcher {
  private readonly root: TrieNode = { next: new Map() };
  private readonly abbreviations = new Map<string, DictionaryEntry & { expansion: string }>();

  constructor(entries: Iterable<DictionaryEntry>, abbreviations: Record<string, string> = {}) {
    const byTerm = new Map<string, DictionaryEntry>();
    for (const entry of entries) {
      const words = wordTokens(entry.term).map((t) => t.lower);
      if (words.length === 0) continue;
      let node = this.root;
      for (const word of words) {
        let child = node.next.get(word);
        if (!child) node.next.set(word, (child = { next: new Map() }));
        node = child;
      }
      // The first entry for a term wins, so database rows given first override the built-in list.
      node.entry ??= entry;
      byTerm.set(words.join(' '), node.entry);
    }
    for (const [abbreviation, expansion] of Object.entries(abbreviations)) {
      const target = byTerm.get(wordTokens(expansion).map((t) => t.lower).join(' '));
      if (target) this.abbreviations.set(abbreviation, { ...target, expansion });
    }
  }

  match(tokens: readonly Token[]): ConceptMatch[] {
    const found: ConceptMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      let node: TrieNode | undefined = this.root;
      let best: { entry: DictionaryEntry; end: number } | undefined;
      for (let j = i; j < tokens.length && node; j++) {
        node = node.next.get(tokens[j].lower);
        if (node?.entry) best = { entry: node.entry, end: j + 1 };
      }
      const abbreviation = this.abbreviations.get(tokens[i].text);
      if (abbreviation && (!best || best.end === i + 1)) {
        found.push(this.toMatch(tokens, i, i + 1, abbreviation, abbreviation.expansion));
        i += 1;
      } else if (best) {
        found.push(this.toMatch(tokens, i, best.end, best.entry, null));
        i = best.end;
      } else {
        i += 1;
      }
    }
    return found;
  }

  private toMatch(tokens: readonly Token[], first: number, end: number, entry: DictionaryEntry, expandedFrom: string | null): ConceptMatch {
    const start = tokens[first].start;
    const stop = tokens[end - 1].end;
    return {
      text: tokens.slice(first, end).map((t) => t.text).join(' '),
      start,
      end: stop,
      type: entry.type,
      preferred: entry.preferred ?? entry.term,
      code: entry.code ?? null,
      system: entry.system ?? null,
      expandedFrom,
      tokenStart: first,
      tokenEnd: end,
    };
  }
}
