import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ErrorCode, PmedError } from '@pmed/core';
import { registerWasmTrainingKernels } from '../kernels/register';
import { registerTrainingGradients } from '../kernels/second-order-gradients';
import { registerFusedRecurrentLayers } from '../recurrent/fused-layers';

/** Backends in the order they are tried when none is forced: fastest first. */
export const BACKEND_CHOICES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_CHOICES)[number];

export interface BackendAttempt {
  name: string;
  error: string;
}

export interface BackendInfo {
  name: BackendName;
  /** What `tf.getBackend()` reports ('tensorflow' for both tfjs-node packages). */
  tfBackend: string;
  forced: boolean;
  /** The @tensorflow/tfjs version in use. */
  version: string;
  /** Candidates tried before the chosen one, with why each was not used. */
  tried: BackendAttempt[];
}

export interface SelectBackendOptions {
  /** A name from BACKEND_CHOICES (the gateway passes env PMED_TF_BACKEND); empty means automatic. */
  forced?: string;
  logger?: (msg: string) => void;
}

// The tfjs-node packages are optional: resolving them through a runtime require keeps bundlers and
// `npm ci` from treating them as dependencies.
const optionalRequire = createRequire(__filename);
const NODE_PACKAGES: Record<'node-gpu' | 'node', string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

let current: BackendInfo | undefined;
let pending: { key: string; promise: Promise<BackendInfo> } | undefined;

function copyInfo(info: BackendInfo): BackendInfo {
  return { ...info, tried: info.tried.map((t) => ({ ...t })) };
}

/** The backend chosen by the last successful selectBackend, if any. */
export function currentBackend(): BackendInfo | undefined {
  return current ? copyInfo(current) : undefined;
}

function describe(error: unknown): string {
  // Duck-typed: errors thrown by another realm's require (jest's sandbox) fail `instanceof Error`.
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0] : String(error);
  if (code === 'MODULE_NOT_FOUND' || text.startsWith('Cannot find module')) return `not installed (${text})`;
  return text;
}

async function activate(name: BackendName): Promise<void> {
  let tfName: string = name;
  if (name === 'node-gpu' || name === 'node') {
    const pkg = NODE_PACKAGES[name];
    optionalRequire(pkg);
    tfName = 'tensorflow';
    if (tf.findBackendFactory(tfName) === null) {
      throw new Error(`${pkg} loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs instance (version mismatch?)`);
    }
  }
  // The cpu backend prints an install-tfjs-node notice on first use; the platform already logs which
  // backend it chose and why the faster ones did not load, and the README says how to add them.
  if (name === 'cpu') tf.env().set('PROD', true);
  if (!(await tf.setBackend(tfName))) {
    throw new Error(`tf.setBackend('${tfName}') failed to initialise the backend`);
  }
  await tf.ready();
  registerTrainingGradients();
  // Models loaded from JSON get the fused LSTM and GRU on every backend.
  registerFusedRecurrentLayers();
  if (name === 'wasm') registerWasmTrainingKernels();
}

function parseForced(forced: string | undefined): BackendName | undefined {
  const wanted = forced?.trim().toLowerCase();
  if (!wanted) return undefined;
  if (!(BACKEND_CHOICES as readonly string[]).includes(wanted)) {
    throw new PmedError(
      ErrorCode.CONFIG_INVALID,
      `Unknown TensorFlow.js backend '${forced}': choose one of ${BACKEND_CHOICES.join(', ')} (env PMED_TF_BACKEND)`,
      { details: { field: 'PMED_TF_BACKEND', value: forced, choices: [...BACKEND_CHOICES] } },
    );
  }
  return wanted as BackendName;
}

async function runSelection(forcedName: BackendName | undefined, log: (msg: string) => void): Promise<BackendInfo> {
  const candidates: readonly BackendName[] = forcedName ? [forcedName] : BACKEND_CHOICES;
  const tried: BackendAttempt[] = [];
  for (const name of candidates) {
    try {
      await activate(name);
    } catch (error) {
      tried.push({ name, error: describe(error) });
      continue;
    }
    const info: BackendInfo = { name, tfBackend: tf.getBackend(), forced: forcedName !== undefined, version: tf.version.tfjs, tried };
    current = info;
    const skipped = tried.map((t) => `${t.name}: ${t.error}`).join('; ');
    log(`TensorFlow.js backend: ${name} (tfjs ${info.version}${info.forced ? ', forced' : ''})${skipped ? `; skipped ${skipped}` : ''}`);
    return info;
  }
  const reasons = tried.map((t) => `${t.name}: ${t.error}`).join('; ');
  throw new PmedError(
    ErrorCode.CONFIG_INVALID,
    forcedName ? `TensorFlow.js backend '${forcedName}' was forced but could not be loaded: ${reasons}` : `No TensorFlow.js backend could be loaded: ${reasons}`,
    { details: { tried } },
  );
}

/**
 * Chooses the TensorFlow.js backend: node-gpu, else node, else wasm, else cpu, or the forced one
 * (which never falls back). Calling again with the same choice returns the same selection.
 */
export function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  let forcedName: BackendName | undefined;
  try {
    forcedName = parseForced(options.forced);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = forcedName ?? 'auto';
  if (pending?.key === key) return pending.promise.then(copyInfo);
  const log = options.logger ?? (() => undefined);
  // Selections run one after another so a second caller never sees a half-switched backend.
  const previous = pending?.promise.catch(() => undefined) ?? Promise.resolve();
  const promise = previous.then(() => runSelection(forcedName, log));
  pending = { key, promise };
  promise.catch(() => {
    if (pending?.promise === promise) pending = undefined;
  });
  return promise.then(copyInfo);
}
