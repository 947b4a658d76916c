// `npm run bench:recommender -- --ratings FILE [--folds 5] [--algo als|sgd] [--seed 0]` or
// `-- --synthetic N [--folds 0]`: k-fold cross-validation of the baseline model (Surprise's
// BaselineOnly rules) with a seeded shuffle; `--folds 0` fits once on everything (the 20M-rating
// timing and memory target) and reports how well the known biases were recovered. The last line
// printed is one JSON object.
import { readFileSync } from 'node:fs';
import { badInput, isPmedError } from '@pmed/core';
import { crossValidateBaseline, fitBaseline, generateSyntheticRatings, parseRatings, type RatingMatrix } from '@pmed/recommender';

interface Args {
  ratings: string | null;
  synthetic: number | null;
  folds: number;
  algo: 'als' | 'sgd';
  seed: number;
}

const USAGE = 'usage: bench-recommender (--ratings FILE | --synthetic N) [--folds K (0 = one fit on all)] [--algo als|sgd] [--seed S]';

function intArg(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) throw badInput(name, `expected an integer >= ${min}, got ${value ?? 'nothing'}`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { ratings: null, synthetic: null, folds: 5, algo: 'als', seed: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    if (flag === '--ratings') args.ratings = next() ?? null;
    else if (flag === '--synthetic') args.synthetic = intArg(flag, next(), 10);
    else if (flag === '--folds') args.folds = intArg(flag, next(), 0);
    else if (flag === '--seed') args.seed = intArg(flag, next(), 0);
    else if (flag === '--algo') {
      const algo = next();
      if (algo !== 'als' && algo !== 'sgd') throw badInput('--algo', `must be als or sgd, got ${algo ?? 'nothing'}`);
      args.algo = algo;
    } else throw badInput('arguments', `unknown argument ${flag}\n${USAGE}`);
  }
  if ((args.ratings === null) === (args.synthetic === null)) throw badInput('arguments', `give exactly one of --ratings and --synthetic\n${USAGE}`);
  if (args.folds === 1) throw badInput('--folds', 'must be 0 (one fit) or at least 2');
  return args;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb2 = 0;
  for (let k = 0; k < a.length; k++) {
    ma += a[k] as number;
    mb2 += b[k] as number;
  }
  ma /= a.length;
  mb2 /= b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    const x = (a[k] as number) - ma;
    const y = (b[k] as number) - mb2;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let ratings: RatingMatrix;
  let truth: ReturnType<typeof generateSyntheticRatings> | null = null;
  const t0 = performance.now();
  if (args.synthetic !== null) {
    const n = args.synthetic;
    // MovieLens-20M proportions: about 145 ratings per user and 740 per item.
    truth = generateSyntheticRatings({ users: Math.max(10, Math.round(n / 145)), items: Math.max(10, Math.round(n / 740)), ratings: n, seed: args.seed + 1, discrete: true });
    ratings = truth.ratings;
    console.log(`synthetic: ${n} ratings, ${ratings.userIds.length} users, ${ratings.itemIds.length} items, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    ratings = parseRatings(readFileSync(args.ratings as string));
    console.log(`${args.ratings}: ${ratings.size} ratings, ${ratings.userIds.length} users, ${ratings.itemIds.length} items, read in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`heap after loading: ${mb(process.memoryUsage().heapUsed)} MB heap, ${mb(process.memoryUsage().arrayBuffers)} MB typed arrays`);

  let result: Record<string, number | string | null>;
  if (args.folds === 0) {
    const start = performance.now();
    const model = fitBaseline(ratings, { method: args.algo });
    const fitSeconds = (performance.now() - start) / 1000;
    let squared = 0;
    let absolute = 0;
    for (let k = 0; k < ratings.size; k++) {
      const est = Math.min(5, Math.max(1, model.globalMean + (model.userBias[ratings.users[k] as number] as number) + (model.itemBias[ratings.items[k] as number] as number)));
      const err = (ratings.values[k] as number) - est;
      squared += err * err;
      absolute += Math.abs(err);
    }
    result = { rmse: Math.sqrt(squared / ratings.size), mae: absolute / ratings.size, fit_seconds: fitSeconds, ratings: ratings.size, folds: 0, evaluation: 'training fit' };
    if (truth) {
      result['user_bias_correlation'] = correlation(model.userBias, truth.trueUserBias);
      result['item_bias_correlation'] = correlation(model.itemBias, truth.trueItemBias);
    }
  } else {
    const cv = crossValidateBaseline(ratings, {
      folds: args.folds,
      seed: args.seed,
      model: { method: args.algo },
      onFold: (f) => console.log(`fold ${f.fold}/${args.folds}: rmse ${f.rmse.toFixed(4)} mae ${f.mae.toFixed(4)} fit ${f.fitSeconds.toFixed(3)} s`),
    });
    result = { rmse: cv.rmse, mae: cv.mae, fit_seconds: cv.fitSeconds, ratings: cv.ratings, folds: args.folds, evaluation: `${args.folds}-fold cross-validation` };
  }
  result['algo'] = args.algo;
  result['peak_rss_mb'] = peakRssMb();
  // Debian has no Surprise package and no other Python index is reachable here, so Surprise itself
  // cannot run beside this; docs/benchmarks.md compares with the figures its README publishes.
  console.log('surprise: not installable on this machine (no Debian package); see docs/benchmarks.md for its published figures');
  console.log(JSON.stringify(result));
}

try {
  main();
} catch (error) {
  console.error(isPmedError(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
