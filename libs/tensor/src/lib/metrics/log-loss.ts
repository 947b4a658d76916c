import { badInput } from '@pmed/core';
import { checkBinaryLabels, checkLabels, checkProbabilities, checkSameLength, type NumericArray } from './validate';

// Float64 machine epsilon: scikit-learn 1.2's eps='auto' clipping for float64 input.
const EPS = 2.220446049250313e-16;

/**
 * Mean negative log-likelihood (cross-entropy). `yProb` is either the positive-class probability per
 * sample (binary, `yTrue` 0/1) or one probability row per sample (`yTrue` a class index). As
 * scikit-learn does, probabilities are clipped to [eps, 1 - eps] and each row is renormalised.
 */
export function logLoss(yTrue: NumericArray, yProb: NumericArray | ArrayLike<NumericArray>): number {
  if (yProb.length > 0 && typeof yProb[0] === 'number') return binaryLogLoss(yTrue, yProb as NumericArray);
  return multiclassLogLoss(yTrue, yProb as ArrayLike<NumericArray>);
}

function binaryLogLoss(yTrue: NumericArray, yProb: NumericArray): number {
  checkBinaryLabels('yTrue', yTrue);
  checkProbabilities('yProb', yProb);
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yProb', values: yProb });
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p1 = Math.min(Math.max(yProb[i], EPS), 1 - EPS);
    const p0 = Math.min(Math.max(1 - yProb[i], EPS), 1 - EPS);
    const p = (yTrue[i] === 1 ? p1 : p0) / (p0 + p1);
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

function multiclassLogLoss(yTrue: NumericArray, rows: ArrayLike<NumericArray>): number {
  checkLabels('yTrue', yTrue);
  if (rows.length !== yTrue.length) throw badInput('yProb', `has ${rows.length} rows but yTrue has length ${yTrue.length}`);
  const k = rows[0].length;
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.length !== k) throw badInput('yProb', `row ${i} has ${row.length} columns, row 0 has ${k}`, { index: i });
    checkProbabilities(`yProb[${i}]`, row);
    if (yTrue[i] >= k) throw badInput('yTrue', `holds class ${yTrue[i]} at index ${i}, but yProb has ${k} columns`, { index: i });
    let total = 0;
    for (let j = 0; j < k; j++) total += Math.min(Math.max(row[j], EPS), 1 - EPS);
    sum -= Math.log(Math.min(Math.max(row[yTrue[i]], EPS), 1 - EPS) / total);
  }
  return sum / rows.length;
}
