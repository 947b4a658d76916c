import * as tf from '@tensorflow/tfjs';
import { batchMatMulWasm, setNativeBatchMatMul } from './batch-mat-mul';
import { conv2dBackpropFilterWasm, conv2dBackpropInputWasm } from './conv2d-backprop';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise-conv2d-backprop';
import { identityWasm } from './identity';
import { maxPoolGradWasm } from './max-pool-grad';
import { keepNativeSliceKernel, sliceWasm, splitVWasm, unpackWasm } from './slice';
import { setNativeTile, tileWasm } from './tile';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum';

interface WasmKernelReplacement {
  kernelName: string;
  kernelFunc: tf.KernelFunc;
  /** Receives the wasm backend's own kernel when this one replaces it. */
  keepNative?: (native: tf.KernelFunc) => void;
}

/**
 * Kernels the wasm backend lacks, or has only as a slow loop, that training needs: conv and
 * depthwise-conv gradients for CNNs, UnsortedSegmentSum for the gradient of Gather (embeddings),
 * MaxPoolGrad, BatchMatMul with transposed operands (dense-layer gradients), and Slice, Unpack
 * and SplitV that read their input in place (recurrent layers cut every time step out of one tensor),
 * Identity as a shared reference instead of a copy, and Tile as block copies (batch normalisation's
 * gradient tiles per-channel vectors over whole activations).
 */
export const WASM_TRAINING_KERNELS: readonly WasmKernelReplacement[] = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2dBackpropFilterWasm as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', kernelFunc: conv2dBackpropInputWasm as tf.KernelFunc },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', kernelFunc: depthwiseBackpropFilterWasm as tf.KernelFunc },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', kernelFunc: depthwiseBackpropInputWasm as tf.KernelFunc },
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSumWasm as tf.KernelFunc },
  { kernelName: 'BatchMatMul', kernelFunc: batchMatMulWasm as tf.KernelFunc, keepNative: setNativeBatchMatMul },
  { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGradWasm as tf.KernelFunc },
  { kernelName: 'Slice', kernelFunc: sliceWasm as tf.KernelFunc, keepNative: keepNativeSliceKernel('Slice') },
  { kernelName: 'Unpack', kernelFunc: unpackWasm as unknown as tf.KernelFunc, keepNative: keepNativeSliceKernel('Unpack') },
  { kernelName: 'SplitV', kernelFunc: splitVWasm as unknown as tf.KernelFunc, keepNative: keepNativeSliceKernel('SplitV') },
  { kernelName: 'Identity', kernelFunc: identityWasm as unknown as tf.KernelFunc },
  { kernelName: 'Tile', kernelFunc: tileWasm as unknown as tf.KernelFunc, keepNative: setNativeTile },
];

/**
 * Registers WASM_TRAINING_KERNELS for the wasm backend and returns their names. Safe to call any
 * number of times: a kernel already registered by this function is left as it is.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const { kernelName, kernelFunc, keepNative } of WASM_TRAINING_KERNELS) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing?.kernelFunc === kernelFunc) continue;
    if (existing) {
      if (keepNative) keepNative(existing.kernelFunc);
      tf.unregisterKernel(kernelName, 'wasm');
    } else if (keepNative) {
      throw new Error(`registerWasmTrainingKernels: the wasm backend has no ${kernelName} kernel to build on`);
    }
    // The native setup (binding the C++ function) must still run when the backend initialises.
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, setupFunc: existing?.setupFunc });
  }
  return WASM_TRAINING_KERNELS.map((k) => k.kernelName);
}
