import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenizeSentences, type NgramLanguageModel } from '@pmed/nlp';

export const DEBIAN_PYTHON = '/usr/bin/python3';

/** One sentence per line, words split by white space (the format of Mikolov's PTB files). */
export function readSentences(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

/** Installs Debian's python3-nltk when it is missing; false when that is not possible. */
export function ensureNltk(): boolean {
  const has = () => spawnSync(DEBIAN_PYTHON, ['-c', 'import nltk.lm'], { stdio: 'ignore' }).status === 0;
  if (has()) return true;
  process.stderr.write('installing python3-nltk (apt-get) for the comparison...\n');
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) => spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update']);
  apt(['install', '-y', 'python3-nltk']);
  return has();
}

/** Raw look-ups per second: every test token scored with its history, repeated for about a second. */
export function queriesPerSecond(model: NgramLanguageModel, sentences: readonly string[][]): number {
  const encoded = sentences.map((sentence) => Uint32Array.from([...sentence.map((w) => model.vocabulary.id(w)), model.vocabulary.id('</s>')]));
  let state = model.startState();
  let next = model.startState();
  let queries = 0;
  let sink = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1 || queries < 100_000) {
    for (const ids of encoded) {
      state = model.startState();
      for (let i = 0; i < ids.length; i++) {
        sink += model.scoreId(state, ids[i], next).logProb;
        [state, next] = [next, state];
      }
      queries += ids.length;
    }
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  if (!Number.isFinite(sink)) throw new Error('non-finite log probability');
  return queries / elapsed;
}

export interface MtSamplesSplit {
  train: string[][];
  test: string[][];
  /** Distinct notes used. */
  notes: number;
  duplicates: number;
}

/** MTSamples notes from `dir` (mtsamples.part*.jsonl), every 10th note held out, tokenised by natural, lower-cased, digits folded. */
export function mtSamplesSplit(dir: string): MtSamplesSplit | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => /^mtsamples\.part\d+\.jsonl$/.test(f)).sort();
  if (files.length === 0) return null;
  const texts: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { transcription?: unknown };
      if (typeof row.transcription === 'string' && row.transcription.trim()) texts.push(row.transcription);
    }
  }
  // MTSamples lists many transcriptions twice (under their specialty and again under another, such as
  // "Surgery"); a held-out copy of a training note would make perplexity meaningless, so keep one of each.
  const distinct = [...new Set(texts.map((t) => t.trim()))];
  const duplicates = texts.length - distinct.length;
  texts.length = 0;
  texts.push(...distinct);
  const options = { mode: 'natural' as const, lowercase: true, foldNumbers: true };
  const train: string[][] = [];
  const test: string[][] = [];
  // MTSamples uses ",HEADING:," joins; spaces around those commas help the sentence splitter.
  texts.forEach((text, i) => (i % 10 === 9 ? test : train).push(...tokenizeSentences(text.replace(/,(?=[A-Z ]+:)|:,/g, (m) => `${m} `), options)));
  return { train, test, notes: texts.length, duplicates };
}
