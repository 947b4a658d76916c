import * as tf from '@tensorflow/tfjs';

/** What can be put back to an earlier state: whole models, or loose variables of custom models. */
export type RestorableState = tf.LayersModel | tf.Variable;

/** Copies of weights taken at the best epoch, so they can be restored after training goes on. */
export class WeightSnapshot {
  private saved: tf.Tensor[] | null = null;

  constructor(private readonly items: readonly RestorableState[]) {}

  private variables(): tf.Variable[] {
    return this.items.flatMap((item) => (item instanceof tf.Variable ? [item] : item.weights.map((w) => w.read() as tf.Variable)));
  }

  capture(): void {
    this.dispose();
    this.saved = this.variables().map((v) => tf.clone(v));
  }

  get hasSnapshot(): boolean {
    return this.saved !== null;
  }

  restore(): void {
    if (this.saved === null) return;
    const vars = this.variables();
    vars.forEach((v, i) => v.assign((this.saved as tf.Tensor[])[i]));
  }

  dispose(): void {
    if (this.saved) tf.dispose(this.saved);
    this.saved = null;
  }
}
