import * as tf from '@tensorflow/tfjs';
import type { GateActivation } from './fused-recurrence';

// What the heap-level recurrence kernels (wasm-lstm.ts, wasm-gru.ts) use of tfjs-backend-wasm: its
// emscripten module (heap, allocator, the C matrix product and sigmoid) and its tensor table.

interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _BatchMatMul(aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, transposeA: number, transposeB: number, outId: number): void;
  _Sigmoid(xId: number, outId: number): void;
}

interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** The wasm backend's internals these kernels use, or null when `backend` lacks any of them. */
export function wasmInternals(backend: unknown): WasmBackendInternals | null {
  const b = backend as Partial<WasmBackendInternals> | null;
  const wasm = b?.wasm as Partial<WasmModule> | undefined;
  if (!b || !wasm || typeof b.makeOutput !== 'function' || typeof b.disposeData !== 'function' || !b.dataIdMap) return null;
  if (typeof wasm._BatchMatMul !== 'function' || typeof wasm._Sigmoid !== 'function' || typeof wasm._malloc !== 'function' || !(wasm.HEAPU8 instanceof Uint8Array)) return null;
  return b as WasmBackendInternals;
}

/** Heap buffers of one kernel call: outputs handed back, temporaries freed on close. */
export class HeapSession {
  private readonly temps: tf.TensorInfo[] = [];
  private readonly outputs: tf.TensorInfo[] = [];
  private readonly shapePointer: number;
  heap: Float32Array<ArrayBufferLike> = new Float32Array(0);
  private shapes: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(readonly backend: WasmBackendInternals) {
    this.shapePointer = backend.wasm._malloc(24);
  }

  output(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.outputs.push(info);
    return info;
  }

  temp(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.temps.push(info);
    return info;
  }

  private entry(info: tf.TensorInfo): { id: number; memoryOffset: number } {
    const entry = this.backend.dataIdMap.get(info.dataId);
    if (!entry) throw new Error('wasm recurrence kernel: a tensor is not on the wasm backend');
    return entry;
  }

  id(info: tf.TensorInfo): number {
    return this.entry(info).id;
  }

  /** Index of the tensor's first element in `heap`. */
  at(info: tf.TensorInfo): number {
    return this.entry(info).memoryOffset >>> 2;
  }

  /**
   * Views of the heap; call after the last allocation. An allocation can grow the wasm memory, which
   * detaches earlier views: the C calls below re-map when that happened, and callers re-read `heap`.
   */
  map(): void {
    const buffer = this.backend.wasm.HEAPU8.buffer;
    this.heap = new Float32Array(buffer);
    this.shapes = new Int32Array(buffer, this.shapePointer, 6);
  }

  /** out[rows, cols] = a[rows, inner] · b[inner, cols], b being a weights tensor XNNPACK packs once per id. */
  matMul(aId: number, rows: number, inner: number, bId: number, cols: number, outId: number): void {
    this.shapes[0] = 1; this.shapes[1] = rows; this.shapes[2] = inner;
    this.shapes[3] = 1; this.shapes[4] = inner; this.shapes[5] = cols;
    this.backend.wasm._BatchMatMul(aId, this.shapePointer, 3, bId, this.shapePointer + 12, 3, 0, 0, outId);
    this.remapIfGrown();
  }

  sigmoid(xId: number, outId: number): void {
    this.backend.wasm._Sigmoid(xId, outId);
    this.remapIfGrown();
  }

  /** XNNPACK allocates packed weights on the first product with a new right operand. */
  private remapIfGrown(): void {
    if (this.heap.buffer !== this.backend.wasm.HEAPU8.buffer) this.map();
  }

  /** Frees the temporaries, and the outputs too when the kernel failed. */
  close(failed: boolean): void {
    for (const info of [...this.temps, ...(failed ? this.outputs : [])]) this.backend.disposeData(info.dataId);
    this.backend.wasm._free(this.shapePointer);
  }
}

export function runSession<T>(backend: unknown, body: (session: HeapSession) => T): T {
  const internals = wasmInternals(backend);
  if (!internals) throw new Error('wasm recurrence kernel: the backend is not tfjs-backend-wasm or its internals changed');
  const session = new HeapSession(internals);
  let failed = true;
  try {
    const result = body(session);
    failed = false;
    return result;
  } finally {
    session.close(failed);
  }
}

export type Inputs = Record<string, tf.TensorInfo | undefined>;

export function input(inputs: Inputs, name: string, kernel: string): tf.TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`${kernel}: missing input '${name}'`);
  if (info.dtype !== 'float32') throw new Error(`${kernel}: input '${name}' must be float32, got ${info.dtype}`);
  return info;
}

/** True when the active backend is tfjs-backend-wasm with the internals the recurrence kernels use. */
export function wasmRecurrenceAvailable(): boolean {
  return tf.getBackend() === 'wasm' && wasmInternals(tf.backend()) !== null;
}

/** The attributes both recurrence kernels take. */
export function recurrenceAttrs(attrs: Record<string, unknown>): { steps: number; hard: boolean; sequences: boolean } {
  return { steps: Number(attrs['steps']), hard: (attrs['gateActivation'] as GateActivation) === 'hardSigmoid', sequences: Boolean(attrs['returnSequences']) };
}

/** The hard sigmoid clip(0.2·x + 0.5, 0, 1), and its derivative from its output. */
export const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));
export const hardSigmoidSlope = (a: number): number => (a > 0 && a < 1 ? 0.2 : 0);

type KernelBody = (args: { inputs: Inputs; backend: unknown; attrs: Record<string, unknown> }) => tf.TensorInfo[];

/** Registers a forward and a backward kernel for the wasm backend, once. */
export function registerWasmKernels(kernels: Record<string, KernelBody>): void {
  for (const [kernelName, body] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: body as unknown as tf.KernelFunc });
  }
}
