// `npm run bench:tensor`: the reference CNN on the TensorFlow.js backends against PyTorch, same
// machine, same run. The last line printed is one JSON object with every figure.
import { cpus, loadavg } from 'node:os';
import { BACKEND_CHOICES, tf, type BackendName } from '@pmed/tensor';
import { badInput, isPmedError } from '@pmed/core';
import { benchTfjs, profileTrainStep, type TfjsFigures } from './tfjs-bench';
import { benchTorch, ensureTorch, MIN_TORCH_MATMUL_GFLOPS, type TorchFigures } from './torch-bench';

interface Args {
  steps: number;
  cpuSteps: number;
  warmup: number;
  backends: BackendName[];
  torchThreads: number;
  torchDefaultThreads: boolean;
  lstmSteps: number;
  profile: boolean;
  torch: boolean;
  rounds: number;
}

const USAGE = `usage: bench-tensor [--steps N] [--cpu-steps N] [--warmup N] [--backends wasm,cpu] [--torch-threads N]
                    [--lstm-steps N] [--rounds N] [--no-torch-default-threads] [--no-torch] [--profile]`;

function intArg(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) throw badInput(name, `expected an integer >= ${min}, got ${value ?? 'nothing'}`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { steps: 20, cpuSteps: 1, warmup: 3, backends: ['wasm', 'cpu'], torchThreads: 1, torchDefaultThreads: true, lstmSteps: 3, profile: false, torch: true, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case '--steps': args.steps = intArg(flag, next(), 1); break;
      case '--cpu-steps': args.cpuSteps = intArg(flag, next(), 1); break;
      case '--warmup': args.warmup = intArg(flag, next(), 0); break;
      case '--torch-threads': args.torchThreads = intArg(flag, next(), 0); break;
      case '--lstm-steps': args.lstmSteps = intArg(flag, next(), 0); break;
      case '--rounds': args.rounds = intArg(flag, next(), 1); break;
      case '--no-torch-default-threads': args.torchDefaultThreads = false; break;
      case '--no-torch': args.torch = false; break;
      case '--profile': args.profile = true; break;
      case '--backends': {
        const list = (next() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = list.filter((b) => !(BACKEND_CHOICES as readonly string[]).includes(b));
        if (list.length === 0 || unknown.length > 0) throw badInput(flag, `unknown backend(s) ${unknown.join(', ') || '(none given)'}; choose from ${BACKEND_CHOICES.join(', ')}`);
        args.backends = list as BackendName[];
        break;
      }
      case '--help': console.log(USAGE); process.exit(0); break;
      default: throw badInput('arguments', `unknown option ${flag}\n${USAGE}`);
    }
  }
  return args;
}

/** Field by field, the faster of two measurements of the same thing. */
function best<T extends { trainImagesPerSec: number; inferImagesPerSec: number; lstm?: { trainSequencesPerSec: number } }>(a: T | undefined, b: T): T {
  if (!a) return b;
  const lstm = a.lstm && b.lstm ? (a.lstm.trainSequencesPerSec >= b.lstm.trainSequencesPerSec ? a.lstm : b.lstm) : (a.lstm ?? b.lstm);
  return { ...b, trainImagesPerSec: Math.max(a.trainImagesPerSec, b.trainImagesPerSec), inferImagesPerSec: Math.max(a.inferImagesPerSec, b.inferImagesPerSec), ...(lstm ? { lstm } : {}) };
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toPrecision(3));
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Number((a / b).toFixed(4)) : null);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (msg: string) => console.log(msg);
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) };
  log(`bench:tensor on ${machine.cpu} (${machine.cores} cores), node ${machine.node}, tfjs ${tf.version.tfjs}, load ${machine.loadAverage.join(' ')}`);
  const lstm = { lstmTimesteps: 140, lstmFeatures: 8, batch: 32 };

  // Other work on a shared machine only ever slows a run down, so PyTorch and the fast backends
  // are measured in alternating rounds and each keeps its best round.
  let torch: TorchFigures | undefined;
  let torchDefault: TorchFigures | undefined;
  const results: Partial<Record<BackendName, TfjsFigures>> = {};
  if (args.torch) ensureTorch(log);
  for (let round = 1; round <= args.rounds; round++) {
    if (args.torch) {
      const t = benchTorch({ steps: Math.max(args.steps, 10), warmup: args.warmup, threads: args.torchThreads, lstmSteps: args.lstmSteps, ...lstm });
      log(`round ${round} torch ${t.torchVersion} (${t.threads} thread${t.threads === 1 ? '' : 's'}, matmul ${fmt(t.matmulGflops)} GFLOP/s): train ${fmt(t.trainImagesPerSec)} img/s, infer ${fmt(t.inferImagesPerSec)} img/s${t.lstm ? `, LSTM(64)x140 train ${fmt(t.lstm.trainSequencesPerSec)} seq/s` : ''}`);
      if (t.matmulGflops < MIN_TORCH_MATMUL_GFLOPS) {
        throw new Error(`PyTorch multiplies matrices at ${t.matmulGflops} GFLOP/s: it is using the reference BLAS, not a baseline worth comparing with (install libopenblas0-pthread)`);
      }
      torch = best(torch, t);
    }
    for (const backend of args.backends) {
      // The cpu backend trains at about 1 image/s: one timed step, in the first round only.
      const slow = backend === 'cpu';
      if (slow && round > 1) continue;
      const figures = await benchTfjs({ backend, steps: slow ? args.cpuSteps : args.steps, warmup: slow ? Math.min(args.warmup, 1) : args.warmup, lstmSteps: slow ? 0 : args.lstmSteps, ...lstm });
      log(`round ${round} ${backend}: train ${fmt(figures.trainImagesPerSec)} img/s, infer ${fmt(figures.inferImagesPerSec)} img/s${figures.lstm ? `, LSTM(64)x140 train ${fmt(figures.lstm.trainSequencesPerSec)} seq/s (recurrence through tfjs ops ${fmt(figures.lstm.opsTrainSequencesPerSec)}, tfjs-layers' own LSTM ${fmt(figures.lstm.stockTrainSequencesPerSec)})` : ''}`);
      results[backend] = best(results[backend], figures);
    }
  }
  if (args.torch && args.torchDefaultThreads && args.torchThreads !== 0) {
    const t = benchTorch({ steps: Math.max(args.steps, 10), warmup: args.warmup, threads: 0, lstmSteps: 0, ...lstm });
    if (t.threads !== torch?.threads) {
      torchDefault = t;
      log(`torch with its default ${t.threads} threads: train ${fmt(t.trainImagesPerSec)} img/s, infer ${fmt(t.inferImagesPerSec)} img/s`);
    } else {
      log(`torch's default here is also ${t.threads} thread(s); no separate multi-threaded figure`);
    }
  }
  for (const [backend, figures] of Object.entries(results)) {
    log(`best ${backend}: train ${fmt(figures.trainImagesPerSec)} img/s, infer ${fmt(figures.inferImagesPerSec)} img/s` +
      (torch ? ` | vs torch: train ${ratio(figures.trainImagesPerSec, torch.trainImagesPerSec)}x, infer ${ratio(figures.inferImagesPerSec, torch.inferImagesPerSec)}x` : ''));
  }

  let profile: { kernel: string; msPerStep: number; calls: number }[] | undefined;
  if (args.profile && args.backends.includes('wasm')) {
    profile = await profileTrainStep({ backend: 'wasm', batch: 32, steps: 3 });
    log('wasm training step, kernel time (ms/step):');
    for (const p of profile.slice(0, 12)) log(`  ${p.kernel.padEnd(24)} ${p.msPerStep.toFixed(2)} (${p.calls} calls)`);
  }

  const ratios = {
    wasmTrainVsTorch: ratio(results.wasm?.trainImagesPerSec, torch?.trainImagesPerSec),
    wasmInferVsTorch: ratio(results.wasm?.inferImagesPerSec, torch?.inferImagesPerSec),
    cpuTrainVsTorch: ratio(results.cpu?.trainImagesPerSec, torch?.trainImagesPerSec),
    cpuInferVsTorch: ratio(results.cpu?.inferImagesPerSec, torch?.inferImagesPerSec),
    wasmLstmTrainVsTorch: ratio(results.wasm?.lstm?.trainSequencesPerSec, torch?.lstm?.trainSequencesPerSec),
    wasmOpsLstmTrainVsTorch: ratio(results.wasm?.lstm?.opsTrainSequencesPerSec, torch?.lstm?.trainSequencesPerSec),
    wasmStockLstmTrainVsTorch: ratio(results.wasm?.lstm?.stockTrainSequencesPerSec, torch?.lstm?.trainSequencesPerSec),
    wasmTrainVsTorchDefaultThreads: ratio(results.wasm?.trainImagesPerSec, torchDefault?.trainImagesPerSec),
  };
  const target = 0.5;
  if (ratios.wasmLstmTrainVsTorch !== null) log(`wasm/torch LSTM training ratio ${ratios.wasmLstmTrainVsTorch} (target >= ${target}: ${ratios.wasmLstmTrainVsTorch >= target ? 'met' : 'not met'}; tfjs-layers' own LSTM ${ratios.wasmStockLstmTrainVsTorch})`);
  if (ratios.wasmTrainVsTorch !== null) log(`wasm/torch training ratio ${ratios.wasmTrainVsTorch} (target >= ${target}: ${ratios.wasmTrainVsTorch >= target ? 'met' : 'not met'})`);
  console.log(JSON.stringify({ benchmark: 'tensor', date: new Date().toISOString(), machine, tfjs: tf.version.tfjs, batch: 32, rounds: args.rounds, torch, torchDefaultThreads: torchDefault, ...results, ratios, target: { wasmTrainVsTorch: target, wasmLstmTrainVsTorch: target }, profile }));
}

main().catch((error: unknown) => {
  console.error(isPmedError(error) ? `bench:tensor: ${error.message}` : error);
  process.exit(isPmedError(error) ? 2 : 1);
});
