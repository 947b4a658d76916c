import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TorchFigures {
  torchVersion: string;
  threads: number;
  trainImagesPerSec: number;
  inferImagesPerSec: number;
  /** A 1024x1024 float32 matrix product, GFLOP/s: tens with OpenBLAS, about 3 with the reference BLAS. */
  matmulGflops: number;
  lstm?: { trainSequencesPerSec: number };
}

/** Below this, PyTorch's dense layers run on Debian's unoptimised reference BLAS and the baseline is too slow to compare with. */
export const MIN_TORCH_MATMUL_GFLOPS = 20;

// Debian's python3-torch installs for the system interpreter; a pyenv `python3` on PATH would not see it.
const SYSTEM_PYTHON = '/usr/bin/python3';

function python(): string {
  return existsSync(SYSTEM_PYTHON) ? SYSTEM_PYTHON : 'python3';
}

function scriptPath(): string {
  // Beside this file when run from source; from dist/ the script stays in the source tree.
  const candidates = [
    resolve(__dirname, 'torch_reference.py'),
    resolve(__dirname, '..', '..', '..', '..', 'tools', 'bench', 'tensor', 'torch_reference.py'),
    join(process.cwd(), 'tools', 'bench', 'tensor', 'torch_reference.py'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`torch_reference.py not found (looked in ${candidates.join(', ')})`);
  return found;
}

function torchImportable(): boolean {
  return spawnSync(python(), ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

// python3-torch alone pulls in Debian's reference BLAS (about 3 GFLOP/s for a 1024³ product here);
// with OpenBLAS installed the BLAS alternative switches to it (about 150 GFLOP/s), as on any
// machine where PyTorch is set up for real use.
const TORCH_PACKAGES = ['python3-torch', 'libopenblas0-pthread'];

function packagesMissing(): string[] {
  return TORCH_PACKAGES.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
}

/** Makes `import torch` work with an optimised BLAS, installing Debian's python3-torch and OpenBLAS when missing. */
export function ensureTorch(log: (msg: string) => void): void {
  const missing = packagesMissing();
  if (missing.length === 0 && torchImportable()) return;
  const wanted = missing.length ? missing : ['python3-torch'];
  log(`installing Debian package(s) ${wanted.join(', ')} for the PyTorch baseline (${python()})`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (args: string[]) => spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['install', '-y', ...wanted]).status !== 0) {
    apt(['update']);
    apt(['install', '-y', ...wanted]);
  }
  if (!torchImportable()) throw new Error(`PyTorch is still not importable by ${python()} after installing ${wanted.join(', ')}`);
}

/** Runs the committed PyTorch twin of the benchmark; `threads` 0 keeps PyTorch's default. */
export function benchTorch(options: { steps: number; warmup: number; batch: number; threads: number; lstmSteps: number; lstmTimesteps: number; lstmFeatures: number }): TorchFigures {
  const args = [
    scriptPath(), '--steps', String(options.steps), '--warmup', String(options.warmup), '--batch', String(options.batch),
    '--threads', String(options.threads), '--lstm-steps', String(options.lstmSteps),
    '--lstm-timesteps', String(options.lstmTimesteps), '--lstm-features', String(options.lstmFeatures),
  ];
  const out = execFileSync(python(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as TorchFigures;
}
