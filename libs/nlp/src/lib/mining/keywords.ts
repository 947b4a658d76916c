// Deep imports: natural's index loads its sentiment module, an ES module jest cannot require.
import { TfIdf } from 'natural/lib/natural/tfidf';
import { words as stopwords } from 'natural/lib/natural/util/stopwords';

export interface Keyword {
  term: string;
  score: number;
}

const STOP = new Set<string>([...stopwords, 'patient', 'pt', 'mg', 'also', 'well', 'noted', 'one', 'two']);
const WORD = /[a-z][a-z-]{2,}/g;

/** Lower-case content words, no stop words or numbers, the terms keywords are made of. */
export function keywordTerms(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((word) => !STOP.has(word));
}

/**
 * TF-IDF keywords over a collection of notes (natural's TfIdf): add the notes, then ask for the top
 * terms of one note or of a group of notes (a specialty).
 */
export class KeywordIndex {
  private readonly tfidf = new TfIdf();
  private readonly groups = new Map<string, number[]>();
  private count = 0;

  /** Adds a note; returns its index. */
  add(text: string, group?: string): number {
    this.tfidf.addDocument(keywordTerms(text));
    const index = this.count++;
    if (group) {
      const list = this.groups.get(group) ?? [];
      list.push(index);
      this.groups.set(group, list);
    }
    return index;
  }

  get size(): number {
    return this.count;
  }

  keywords(index: number, k = 10): Keyword[] {
    return this.tfidf
      .listTerms(index)
      .slice(0, k)
      .map((item) => ({ term: item.term, score: round(item.tfidf) }));
  }

  /** Top terms of a group: TF-IDF summed over its notes. */
  groupKeywords(group: string, k = 10): Keyword[] {
    const totals = new Map<string, number>();
    for (const index of this.groups.get(group) ?? []) {
      for (const item of this.tfidf.listTerms(index)) totals.set(item.term, (totals.get(item.term) ?? 0) + item.tfidf);
    }
    return [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([term, score]) => ({ term, score: round(score) }));
  }

  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  /** Keywords of a text not in the index, scored against the index's document frequencies. */
  keywordsOf(text: string, k = 10): Keyword[] {
    const terms = keywordTerms(text);
    const tf = new Map<string, number>();
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    return [...tf.entries()]
      .map(([term, count]) => ({ term, score: round(count * (this.count > 0 ? this.tfidf.idf(term) : 1)) }))
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
      .slice(0, k);
  }
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
