import * as tf from '@tensorflow/tfjs';
import { combinedMemberCount, combineModels, memberModels, memberPrefix } from './combine-models';

function dense(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const hidden = tf.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(input) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

describe('combineModels', () => {
  it('averages the members, names their layers by member and counts them', () => {
    const members = [dense(1), dense(7)];
    const combined = combineModels(members, { name: 'pair', inputName: 'x', outputName: 'mean' });
    expect(combinedMemberCount(combined)).toBe(2);
    expect(combinedMemberCount(members[0])).toBe(1);
    expect(combined.layers.filter((l) => l.name.startsWith(memberPrefix(1))).length).toBe(2);
    expect(combined.outputs[0].name).toContain('mean');
    tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -1, 2], [0, 0.3, -0.7]]);
      const expected = tf.div(tf.add(members[0].predict(x) as tf.Tensor, members[1].predict(x) as tf.Tensor), 2);
      expect(tf.max(tf.abs(tf.sub(combined.predict(x) as tf.Tensor, expected))).dataSync()[0]).toBeLessThan(1e-6);
      // Each member alone, read out of the combined model.
      const alone = memberModels(combined);
      expect(alone).toHaveLength(2);
      alone.forEach((m, k) => expect(tf.max(tf.abs(tf.sub(m.predict(x) as tf.Tensor, members[k].predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6));
      expect(memberModels(members[0])).toEqual([members[0]]);
    });
    for (const m of [...members, combined]) m.dispose();
  });

  it('refuses members of different input shapes', () => {
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 2 })] });
    expect(() => combineModels([dense(1), other], { name: 'bad', inputName: 'x', outputName: 'mean' })).toThrow(/one input of one shape/);
    expect(() => combineModels([], { name: 'none', inputName: 'x', outputName: 'mean' })).toThrow(/at least one/);
  });
});
