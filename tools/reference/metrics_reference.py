#!/usr/bin/python3
"""Reference values for libs/tensor/src/lib/metrics, from scikit-learn and NumPy.

Run with Debian's interpreter (apt-get install -y python3-sklearn):
    /usr/bin/python3 tools/reference/metrics_reference.py > /tmp/metrics-reference.json
and paste the JSON into libs/tensor/src/lib/metrics/__fixtures__/sklearn-reference.ts.
The inputs are fixed literals or come from a seeded NumPy generator, and are printed with the
outputs so the TypeScript tests use exactly the same numbers.

Expected calibration error and the bin counts of the reliability curve are not in scikit-learn;
they are computed here with NumPy using the definition stated in calibration.ts: ten equal-width
bins over [0, 1], right-closed (the first also holds 0), edges from numpy.linspace, and
ECE = sum over non-empty bins of (bin count / n) * |mean label - mean predicted probability|.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, confusion_matrix,
                             f1_score, log_loss, precision_recall_curve, precision_score, recall_score,
                             roc_auc_score, roc_curve)


def ece_and_counts(y, p, n_bins=10):
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], p)  # right-closed bins, as calibration_curve bins them
    counts = np.bincount(ids, minlength=n_bins)
    sum_p = np.bincount(ids, weights=p, minlength=n_bins)
    sum_y = np.bincount(ids, weights=y, minlength=n_bins)
    nz = counts > 0
    ece = float(np.sum(counts[nz] / len(y) * np.abs(sum_y[nz] / counts[nz] - sum_p[nz] / counts[nz])))
    return ece, counts[nz].tolist()


def binary_case(y, s, threshold=0.5):
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(s, dtype=np.float64)
    pred = (s >= threshold).astype(np.int64)
    fpr, tpr, roc_thr = roc_curve(y, s, drop_intermediate=False)
    prec, rec, pr_thr = precision_recall_curve(y, s)
    prob_true, prob_pred = calibration_curve(y, s, n_bins=10, strategy='uniform')
    ece, counts = ece_and_counts(y, s)
    return {
        'yTrue': y.tolist(), 'yScore': s.tolist(), 'threshold': threshold,
        'accuracy': accuracy_score(y, pred), 'precision': precision_score(y, pred, zero_division=0),
        'recall': recall_score(y, pred, zero_division=0), 'f1': f1_score(y, pred, zero_division=0),
        'confusion': confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        'rocAuc': roc_auc_score(y, s),
        'roc': {'fpr': fpr.tolist(), 'tpr': tpr.tolist(), 'thresholds': roc_thr[1:].tolist()},
        'averagePrecision': average_precision_score(y, s),
        'pr': {'precision': prec.tolist(), 'recall': rec.tolist(), 'thresholds': pr_thr.tolist()},
        'brier': brier_score_loss(y, s), 'logLoss': log_loss(y, s),
        'ece': ece, 'reliability': {'meanPredicted': prob_pred.tolist(), 'observed': prob_true.tolist(), 'counts': counts},
    }


def multiclass_case(y, pred, proba):
    y = np.asarray(y)
    pred = np.asarray(pred)
    proba = np.asarray(proba, dtype=np.float64)
    return {
        'yTrue': y.tolist(), 'yPred': pred.tolist(), 'proba': proba.tolist(),
        'accuracy': accuracy_score(y, pred),
        'macroPrecision': precision_score(y, pred, average='macro', zero_division=0),
        'macroRecall': recall_score(y, pred, average='macro', zero_division=0),
        'macroF1': f1_score(y, pred, average='macro', zero_division=0),
        'confusion': confusion_matrix(y, pred, labels=[0, 1, 2, 3]).tolist(),
        'logLoss': log_loss(y, proba, labels=[0, 1, 2, 3]),
    }


def main():
    rng = np.random.default_rng(20260101)
    # Ties inside and across classes, scores exactly on bin edges (0.1, 0.3, 0.5) and at 0 and 1.
    ties = binary_case([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1],
                       [0.1, 0.4, 0.35, 0.8, 0.4, 0.8, 0.0, 0.35, 1.0, 0.5, 0.1, 0.65, 0.3, 0.3])
    # Imbalanced: 6 positives in 60, positives scored higher on average, scores rounded to make ties.
    y_imb = np.zeros(60, dtype=np.int64)
    y_imb[rng.choice(60, size=6, replace=False)] = 1
    s_imb = np.clip(rng.normal(0.3 + 0.3 * y_imb, 0.18), 0.001, 0.999).round(2)
    imbalanced = binary_case(y_imb, s_imb, threshold=0.4)
    # Four classes, one never predicted (its precision is 0 by the zero_division rule).
    y_mc = rng.integers(0, 4, size=30)
    logits = rng.normal(size=(30, 4)) + 1.5 * np.eye(4)[y_mc]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    pred_mc = proba.argmax(axis=1)
    pred_mc[pred_mc == 3] = 2
    multiclass = multiclass_case(y_mc, pred_mc, proba)
    json.dump({'sklearn': sklearn.__version__, 'numpy': np.__version__,
               'ties': ties, 'imbalanced': imbalanced, 'multiclass': multiclass}, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
