import { createProgressReporter } from './progress';

describe('createProgressReporter without a terminal', () => {
  it('writes one line per 10 % step, clamps out-of-range values, ignores NaN, and ends with the final message', () => {
    const lines: string[] = [];
    const progress = createProgressReporter({ title: 'train', write: (line) => lines.push(line) });
    for (const fraction of [0, 0.01, 0.05, 0.1, 0.15, 0.5, 0.99, 1, 1.5, Number.NaN]) progress.update({ fraction, message: 'epoch 1' });
    progress.stop('done');
    expect(lines).toEqual(['train: 0% epoch 1', 'train: 10% epoch 1', 'train: 50% epoch 1', 'train: 90% epoch 1', 'train: 100% epoch 1', 'done']);
  });
});
