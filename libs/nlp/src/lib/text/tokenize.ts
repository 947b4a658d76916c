// Deep import: natural's index loads its sentiment module, an ES module jest cannot require.
import { SentenceTokenizer, TreebankWordTokenizer } from 'natural/lib/natural/tokenizers';

export interface TokenizeOptions {
  /** 'natural': sentences and Treebank words by `natural`; 'whitespace': one sentence per line, words split on spaces. */
  mode?: 'natural' | 'whitespace';
  lowercase?: boolean;
  /** Replace every digit by 0, so "124/78" and "130/85" share one n-gram. */
  foldNumbers?: boolean;
}

const wordTokenizer = new TreebankWordTokenizer();
const sentenceTokenizer = new SentenceTokenizer([]);

function normalise(token: string, options: TokenizeOptions): string {
  let out = options.lowercase ? token.toLowerCase() : token;
  if (options.foldNumbers) out = out.replace(/\d/g, '0');
  return out;
}

/** Words of one sentence. */
export function tokenizeWords(text: string, options: TokenizeOptions = {}): string[] {
  const raw = options.mode === 'whitespace' ? text.split(/\s+/) : wordTokenizer.tokenize(text);
  return raw.filter((token) => token.length > 0).map((token) => normalise(token, options));
}

/** Sentences of a text, each a list of words (empty sentences dropped). */
export function tokenizeSentences(text: string, options: TokenizeOptions = {}): string[][] {
  let sentences: string[];
  if (options.mode === 'whitespace') {
    sentences = text.split(/\r?\n/);
  } else {
    // natural's sentence splitter does not split on line breaks; clinical notes use them as ends.
    sentences = text
      .split(/\n\s*\n|\r?\n(?=[A-Z0-9])/)
      .flatMap((block) => (block.trim() ? sentenceTokenizer.tokenize(block.replace(/\s+/g, ' ').trim()) : []));
  }
  return sentences.map((sentence) => tokenizeWords(sentence, options)).filter((words) => words.length > 0);
}
