import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { ModelVersionRepository } from '@pmed/data';
import { loadLanguageModel, mineNotes } from '@pmed/job-handlers';
import {
  arpaToString, buildKneserNey, checkText, deidentify, deserializeLanguageModel, readArpa, serializeLanguageModel, tokenizeSentences,
  type DeidStrategy, type NgramLanguageModel, type TokenizeOptions,
} from '@pmed/nlp';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';

const MAX_FILE = 512 * 1024 * 1024;

/** A file's text, refused with a clear error when it is missing, too big or not UTF-8. */
function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw badInput('file', `cannot read ${path}: ${(error as Error).message}`);
  }
  return checkText(bytes, { field: path, maxLength: MAX_FILE });
}

/** Parsed lines of a JSON Lines file; a bad line names its number. */
function readJsonLines(path: string): Record<string, unknown>[] {
  return readText(path)
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      try {
        const value = JSON.parse(line) as unknown;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        return value as Record<string, unknown>;
      } catch (error) {
        throw badInput(`${path} line ${number}`, `is not a JSON object (${(error as Error).message})`);
      }
    });
}

function tokenizeOptions(options: { whitespace?: boolean; case?: boolean; numbers?: boolean }): TokenizeOptions {
  return options.whitespace ? { mode: 'whitespace' } : { mode: 'natural', lowercase: options.case !== false, foldNumbers: options.numbers !== false };
}

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(name, `must be an integer from 1 to ${max}, got '${value}'`);
  return n;
}

export function nlpCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('nlp').description('clinical NLP: n-gram language models, note mining, de-identification');

  command
    .command('train-lm')
    .description('build a Kneser-Ney language model from a text file (or .jsonl notes) and store it')
    .argument('<file>', 'plain text, or JSON Lines with "transcription" or "text"')
    .option('--order <n>', 'n-gram order (1..10)', '3')
    .option('--name <name>', 'model name in the database', 'clinical')
    .option('--min-count <n>', 'words seen fewer times become <unk>', '1')
    .option('--whitespace', 'the text is already tokenised: one sentence per line, words split by spaces')
    .option('--no-case', 'keep letter case')
    .option('--no-numbers', 'keep digits as they are')
    .option('--arpa <file>', 'also write the model as an ARPA file')
    .option('--out <file>', 'also write the binary model file')
    .action(async (file: string, options: { order: string; name: string; minCount: string; whitespace?: boolean; case?: boolean; numbers?: boolean; arpa?: string; out?: string }) => {
      const order = positiveInt('--order', options.order, 10);
      const tokenize = tokenizeOptions(options);
      const texts = file.endsWith('.jsonl') ? readJsonLines(file).map((row) => String(row['transcription'] ?? row['text'] ?? '')) : [readText(file)];
      const sentences = texts.flatMap((text) => tokenizeSentences(text, tokenize));
      const started = Date.now();
      const model = buildKneserNey(sentences, { order, minCount: positiveInt('--min-count', options.minCount, 1000) });
      const artifact = serializeLanguageModel(model);
      const db = await context().db();
      const row = await new ModelVersionRepository(db).register({
        module: 'nlp',
        name: options.name,
        status: 'ready',
        artifact,
        checksum: createHash('sha256').update(artifact).digest('hex'),
        metrics: { ngrams: model.ngramCount(), counts: model.counts(), bytesPerNgram: model.byteLength() / model.ngramCount() },
        parameters: { kind: 'kneser-ney', order, minCount: model.minCount, lowercase: tokenize.lowercase ?? false, foldNumbers: tokenize.foldNumbers ?? false },
        trainingData: { source: file, sentences: sentences.length },
      });
      if (options.arpa) writeFileSync(options.arpa, arpaToString(model));
      if (options.out) writeFileSync(options.out, artifact);
      output.out(JSON.stringify({ name: row.name, version: row.version, order, ngrams: model.ngramCount(), counts: model.counts(), seconds: (Date.now() - started) / 1000 }));
    });

  command
    .command('perplexity')
    .description('perplexity of a text file under a stored model, an ARPA file or a model file')
    .argument('<file>', 'the text to score')
    .option('--model <name>', 'a model stored in the database', 'clinical')
    .option('--arpa <file>', 'score with this ARPA file instead')
    .option('--lm <file>', 'score with this binary model file instead')
    .option('--whitespace', 'the text is already tokenised, one sentence per line')
    .action(async (file: string, options: { model: string; arpa?: string; lm?: string; whitespace?: boolean }) => {
      let model: NgramLanguageModel;
      let tokenize: TokenizeOptions = tokenizeOptions(options);
      if (options.arpa) model = readArpa(readText(options.arpa));
      else if (options.lm) model = deserializeLanguageModel(readFileSync(options.lm));
      else {
        const loaded = await loadLanguageModel(await context().db(), options.model);
        model = loaded.model;
        if (!options.whitespace) tokenize = loaded.tokenize;
      }
      const result = model.perplexity(tokenizeSentences(readText(file), tokenize));
      output.out(JSON.stringify(result));
    });

  command
    .command('mine')
    .description('import MTSamples-style notes (JSON Lines, text in "transcription") and mine them into the database; prints keywords and collocations per specialty')
    .argument('<files...>', 'JSON Lines files')
    .option('--limit <n>', 'at most this many notes per file')
    .action(async (files: string[], options: { limit?: string }) => {
      const db = await context().db();
      const limit = options.limit === undefined ? undefined : positiveInt('--limit', options.limit, 10_000_000);
      let imported = 0;
      for (const file of files) {
        const rows = readJsonLines(file).slice(0, limit);
        for (const [i, row] of rows.entries()) {
          const text = row['transcription'] ?? row['text'];
          if (typeof text !== 'string' || !text.trim()) continue;
          // Stable ids make a second import of the same file a no-op.
          const key = row['note_id'] ?? row['id'] ?? `${file}:${i}`;
          const id = `mts-${createHash('sha256').update(String(key)).digest('hex').slice(0, 20)}`;
          const specialty = typeof row['medical_specialty'] === 'string' ? row['medical_specialty'].trim() : null;
          const title = typeof row['sample_name'] === 'string' ? row['sample_name'].trim() : null;
          await db.client.clinicalNote.upsert({ where: { id }, create: { id, text, specialty, title, kind: 'transcription' }, update: {} });
          imported++;
        }
      }
      const progress = commandProgress(output, 'mining');
      const result = await mineNotes({ db, jobId: `cli-${Date.now()}`, params: {}, onProgress: ({ done, total }) => progress.update({ fraction: total ? done / total : 1, message: `${done}/${total} notes` }) });
      progress.stop(`mined ${result.mined} notes: ${result.concepts} concepts, ${result.negated} negated`);
      output.out(JSON.stringify({ imported, ...result }));
    });

  command
    .command('deidentify')
    .description('remove HIPAA Safe Harbor identifiers from JSON Lines notes ({"id","text"} per line)')
    .requiredOption('--in <file>', 'input JSON Lines')
    .requiredOption('--out <file>', 'output JSON Lines: each line adds "redacted" and "spans"')
    .option('--strategy <strategy>', 'redact or surrogate', 'redact')
    .action((options: { in: string; out: string; strategy: string }) => {
      if (options.strategy !== 'redact' && options.strategy !== 'surrogate') throw badInput('--strategy', "must be 'redact' or 'surrogate'");
      const rows = readJsonLines(options.in);
      const lines = rows.map((row, i) => {
        if (typeof row['text'] !== 'string') throw badInput(`${options.in} line ${i + 1}`, 'needs a string "text"');
        const result = deidentify(row['text'], { strategy: options.strategy as DeidStrategy, seed: String(row['id'] ?? i), maxLength: 10_000_000 });
        return JSON.stringify({ ...row, redacted: result.text, spans: result.spans });
      });
      writeFileSync(options.out, lines.length ? `${lines.join('\n')}\n` : '');
      output.err(`de-identified ${lines.length} notes into ${options.out}`);
    });

  return command;
}
