import { badInput } from '@pmed/core';
import type { EarlyStoppingOptions, Metrics } from './types';

const HIGHER_IS_BETTER = /acc|auc|f1|precision|recall|average_precision/i;

/** Tracks the monitored metric across epochs and says when patience has run out. */
export class EarlyStoppingTracker {
  readonly monitor: string;
  readonly restoreBestWeights: boolean;
  private readonly mode: 'min' | 'max';
  private readonly patience: number;
  private readonly minDelta: number;
  private wait = 0;
  bestValue: number | null = null;
  bestEpoch: number | null = null;

  constructor(options: EarlyStoppingOptions, hasValidation: boolean) {
    this.monitor = options.monitor ?? (hasValidation ? 'val_loss' : 'loss');
    this.mode = options.mode ?? (HIGHER_IS_BETTER.test(this.monitor) ? 'max' : 'min');
    this.patience = options.patience ?? 5;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? true;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw badInput('earlyStopping.patience', `must be an integer >= 0, got ${this.patience}`);
    }
    if (this.monitor.startsWith('val_') && !hasValidation) {
      throw badInput('earlyStopping.monitor', `${this.monitor} needs validationSplit or validationData`);
    }
  }

  /** Records an epoch; returns whether it is the best so far and whether training should stop. */
  update(epoch: number, metrics: Metrics): { improved: boolean; stop: boolean } {
    const value = metrics[this.monitor];
    if (value === undefined) {
      throw badInput('earlyStopping.monitor', `metric ${this.monitor} is not produced; available: ${Object.keys(metrics).join(', ')}`);
    }
    const improved =
      Number.isFinite(value) &&
      (this.bestValue === null || (this.mode === 'min' ? value < this.bestValue - this.minDelta : value > this.bestValue + this.minDelta));
    if (improved) {
      this.bestValue = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return { improved, stop: !improved && this.wait >= this.patience };
  }
}
