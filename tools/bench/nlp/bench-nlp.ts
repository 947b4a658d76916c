// `npm run bench:nlp -- --train FILE --test FILE [--order 5] [--nltk-sentences N] [--mtsamples DIR]`
// (`--write-mtsamples OUT_DIR` writes the MTSamples train/test files used in docs/benchmarks.md):
// builds the interpolated modified Kneser-Ney model on a whitespace-tokenised file (one sentence per
// line), reports test perplexity (SRILM `ngram -ppl`: words + one </s> per line), size and speed,
// times NLTK's KneserNeyInterpolated on the first N training sentences in the same run, and the
// MTSamples perplexities of orders 1-5 with every 10th note held out. Last line: one JSON object.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badInput, isPmedError } from '@pmed/core';
import { buildKneserNey } from '@pmed/nlp';
import { DEBIAN_PYTHON, ensureNltk, mtSamplesSplit, queriesPerSecond, readSentences } from './nlp-bench-helpers';

interface Args {
  /** Write the MTSamples split as train/test files into this folder and stop. */
  writeMtsamples: string | null;
  train: string;
  test: string;
  order: number;
  nltkSentences: number;
  nltk: boolean;
  mtsamples: string | null;
}

const USAGE =
  'usage: bench-nlp --train FILE --test FILE [--order 5] [--nltk-sentences 3000] [--no-nltk] [--mtsamples DIR | --no-mtsamples]\n' +
  '       bench-nlp --write-mtsamples OUT_DIR [--mtsamples DIR]   (writes mtsamples.train.txt and mtsamples.test.txt)';

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { writeMtsamples: null, order: 5, nltkSentences: 3000, nltk: true, mtsamples: join(process.cwd(), '..', 'shared', 'data', 'clinical') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw badInput(flag, 'needs a value');
      return v;
    };
    const int = (min: number, max: number): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw badInput(flag, `must be an integer from ${min} to ${max}, got ${v}`);
      return n;
    };
    if (flag === '--train') args.train = value();
    else if (flag === '--test') args.test = value();
    else if (flag === '--order') args.order = int(1, 10);
    else if (flag === '--nltk-sentences') args.nltkSentences = int(10, 10_000_000);
    else if (flag === '--no-nltk') args.nltk = false;
    else if (flag === '--mtsamples') args.mtsamples = value();
    else if (flag === '--no-mtsamples') args.mtsamples = null;
    else if (flag === '--write-mtsamples') args.writeMtsamples = value();
    else throw badInput('arguments', `unknown flag ${flag}\n${USAGE}`);
  }
  if (args.writeMtsamples) return args as Args;
  if (!args.train || !args.test) throw badInput('arguments', `--train and --test are required\n${USAGE}`);
  return args as Args;
}

/** Queries NLTK scores for its query rate (about 60 per second, so this takes half a minute). */
const NLTK_QUERIES = 2000;
/** Timed builds of our side on the NLTK subset (each takes some 10 ms; NLTK's fit, best of three, over a second). */
const OUR_ROUNDS = 20;
const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const round = (value: number, digits = 4): number => Number(value.toPrecision(digits + 2));

/** The MTSamples split of the perplexity figures as whitespace-tokenised files, one sentence per line. */
function writeMtSamples(out: string, source: string | null): void {
  const split = source ? mtSamplesSplit(source) : null;
  if (!split) throw badInput('--mtsamples', `no mtsamples.part*.jsonl files in ${String(source)}`);
  mkdirSync(out, { recursive: true });
  for (const [name, sentences] of [['train', split.train], ['test', split.test]] as const) {
    writeFileSync(join(out, `mtsamples.${name}.txt`), `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
  }
  process.stderr.write(`wrote ${split.train.length} train and ${split.test.length} test sentences (${split.notes} notes) to ${out}\n`);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.writeMtsamples) {
    writeMtSamples(args.writeMtsamples, args.mtsamples);
    return;
  }
  const train = readSentences(args.train);
  const test = readSentences(args.test);
  // Our side of the NLTK comparison first, while the heap holds only the sentences (NLTK runs in a
  // fresh process with only the subset): best of OUR_ROUNDS, so the figure is the work and not the JIT
  // warming up, a collection, or another process on a shared machine.
  const subset = train.slice(0, args.nltkSentences);
  let ourSeconds = Infinity;
  if (args.nltk) {
    for (let round = 0; round < OUR_ROUNDS; round++) {
      const ours = process.hrtime.bigint();
      buildKneserNey(subset, { order: args.order });
      ourSeconds = Math.min(ourSeconds, seconds(ours));
    }
  }
  const started = process.hrtime.bigint();
  const model = buildKneserNey(train, { order: args.order });
  const buildSeconds = seconds(started);
  const result = model.perplexity(test);
  const qps = queriesPerSecond(model, test);
  const bytesPerNgram = model.byteLength() / model.ngramCount();
  process.stderr.write(`order ${args.order}: ${train.length} train sentences, ${model.ngramCount()} n-grams ${JSON.stringify(model.counts())}, built in ${buildSeconds.toFixed(2)} s\n`);
  process.stderr.write(`test: ${result.tokens} tokens (${result.oovs} OOV), perplexity ${result.perplexity.toFixed(2)}, ${Math.round(qps)} queries/s, ${bytesPerNgram.toFixed(1)} bytes/n-gram\n`);

  const extra: Record<string, unknown> = {};
  if (args.nltk && ensureNltk()) {
    // NLTK is slow: both libraries build on the same first N sentences, timed in this run.
    const dir = mkdtempSync(join(tmpdir(), 'pmed-bench-nlp-'));
    try {
      const file = join(dir, 'subset.txt');
      writeFileSync(file, subset.map((s) => s.join(' ')).join('\n'));
      const script = join(process.cwd(), 'tools', 'bench', 'nlp', 'nltk_kneser_ney.py');
      const nltk = JSON.parse(execFileSync(DEBIAN_PYTHON, [script, file, String(args.order), String(NLTK_QUERIES), '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { fit_seconds: number; queries_per_second: number };
      extra['nltk_sentences'] = subset.length;
      extra['nltk_build_seconds'] = round(nltk.fit_seconds);
      extra['pmed_build_seconds_same_subset'] = round(ourSeconds);
      extra['build_speedup_vs_nltk'] = round(nltk.fit_seconds / ourSeconds, 3);
      // NLTK's fit only counts and leaves the probabilities to query time; this ratio charges both
      // sides for the build plus NLTK_QUERIES scored positions, each at its own measured query rate.
      extra['build_and_score_speedup_vs_nltk'] = round((nltk.fit_seconds + NLTK_QUERIES / nltk.queries_per_second) / (ourSeconds + NLTK_QUERIES / qps), 3);
      extra['nltk_queries_per_second'] = round(nltk.queries_per_second, 3);
      extra['query_speedup_vs_nltk'] = round(qps / nltk.queries_per_second, 3);
      process.stderr.write(`NLTK on ${subset.length} sentences: fit ${nltk.fit_seconds.toFixed(2)} s vs ours ${ourSeconds.toFixed(3)} s; NLTK ${Math.round(nltk.queries_per_second)} queries/s\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (args.nltk) {
    extra['nltk'] = 'unavailable (python3-nltk could not be installed)';
  }

  const split = args.mtsamples ? mtSamplesSplit(args.mtsamples) : null;
  if (split) {
    const perplexities: Record<string, number> = {};
    for (let order = 1; order <= 5; order++) {
      const mts = buildKneserNey(split.train, { order });
      perplexities[order] = round(mts.perplexity(split.test).perplexity);
      process.stderr.write(`MTSamples order ${order}: perplexity ${perplexities[order]} (${mts.ngramCount()} n-grams)\n`);
    }
    extra['mtsamples'] = { notes: split.notes, duplicates_dropped: split.duplicates, train_sentences: split.train.length, test_sentences: split.test.length, perplexity_by_order: perplexities };
  }

  process.stdout.write(
    `${JSON.stringify({
      perplexity: round(result.perplexity),
      ngrams: model.ngramCount(),
      build_seconds: round(buildSeconds),
      bytes_per_ngram: round(bytesPerNgram),
      queries_per_second: Math.round(qps),
      order: args.order,
      test_tokens: result.tokens,
      test_oovs: result.oovs,
      ...extra,
    })}\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`${isPmedError(error) ? `${error.code}: ` : ''}${(error as Error).message}\n`);
  process.exitCode = 1;
}
