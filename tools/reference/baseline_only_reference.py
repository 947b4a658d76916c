#!/usr/bin/python3
"""Reference predictions for libs/recommender's baseline model, following Surprise's BaselineOnly.

Debian ships no Surprise package and this machine reaches no other Python index, so this script
re-implements, with NumPy and plain Python, exactly what Surprise 1.1 does (surprise/trainset.py,
surprise/prediction_algorithms/optimize_baselines.pyx, baseline_only.py, algo_base.py):
  - Trainset: raw ids get inner ids in order of first appearance; ur[u] and ir[i] list
    (other id, rating) in input order; global_mean = np.mean over all_ratings() (user-major order).
  - baseline_als (defaults reg_i=10, reg_u=15, n_epochs=10): per epoch,
      b_i = sum_{u in ir[i]} (r - mu - b_u) / (reg_i + |ir[i]|) for every item, then
      b_u = sum_{i in ur[u]} (r - mu - b_i) / (reg_u + |ur[u]|) for every user.
  - baseline_sgd (defaults reg=0.02, learning_rate=0.005, n_epochs=20): per epoch, over
    all_ratings() (users in inner-id order, each user's ratings in input order):
      err = r - (mu + b_u + b_i); b_u += lr*(err - reg*b_u); b_i += lr*(err - reg*b_i).
  - estimate = mu (+ b_u if the user is known) (+ b_i if the item is known), then clipped to the
    rating scale (1, 5) as AlgoBase.predict does with clip=True.

Run:  /usr/bin/python3 tools/reference/baseline_only_reference.py
and paste the printed JSON into libs/recommender/src/lib/baseline/__fixtures__/surprise-reference.ts.
"""
import json
from collections import defaultdict

import numpy as np

# (user, item, rating): a small set with uneven counts, a user with one rating, extreme ratings.
TRAIN = [
    ("alice", "m1", 5), ("alice", "m2", 3), ("alice", "m3", 4), ("bob", "m1", 4), ("bob", "m4", 1),
    ("carol", "m2", 2), ("carol", "m3", 5), ("carol", "m5", 3), ("carol", "m1", 4), ("dave", "m5", 1),
    ("dave", "m4", 2), ("erin", "m6", 5), ("erin", "m1", 5), ("erin", "m2", 4), ("frank", "m3", 3),
    ("frank", "m6", 4), ("frank", "m4", 1), ("grace", "m1", 2), ("heidi", "m2", 5), ("heidi", "m5", 4),
    ("heidi", "m6", 5), ("heidi", "m3", 5), ("bob", "m6", 2), ("alice", "m5", 4), ("grace", "m4", 1),
    ("ivan", "m1", 1), ("ivan", "m2", 1), ("ivan", "m3", 2), ("judy", "m7", 5), ("judy", "m1", 4.5),
]
# Queries include an unknown user ("zoe"), an unknown item ("m9") and both unknown.
QUERIES = [("alice", "m4"), ("bob", "m2"), ("ivan", "m6"), ("judy", "m3"), ("erin", "m7"),
           ("heidi", "m1"), ("zoe", "m1"), ("alice", "m9"), ("zoe", "m9"), ("grace", "m7")]
SCALE = (1, 5)


def trainset(raw):
    uid, iid = {}, {}
    ur, ir = defaultdict(list), defaultdict(list)
    for u, i, r in raw:
        u_inner = uid.setdefault(u, len(uid))
        i_inner = iid.setdefault(i, len(iid))
        ur[u_inner].append((i_inner, float(r)))
        ir[i_inner].append((u_inner, float(r)))
    return uid, iid, ur, ir


def all_ratings(ur):
    for u, u_ratings in ur.items():
        for i, r in u_ratings:
            yield u, i, r


def fit_als(ur, ir, n_users, n_items, mu, reg_u=15, reg_i=10, n_epochs=10):
    bu, bi = np.zeros(n_users), np.zeros(n_items)
    for _ in range(n_epochs):
        for i in range(n_items):
            dev_i = 0
            for u, r in ir[i]:
                dev_i += r - mu - bu[u]
            bi[i] = dev_i / (reg_i + len(ir[i]))
        for u in range(n_users):
            dev_u = 0
            for i, r in ur[u]:
                dev_u += r - mu - bi[i]
            bu[u] = dev_u / (reg_u + len(ur[u]))
    return bu, bi


def fit_sgd(ur, n_users, n_items, mu, reg=0.02, lr=0.005, n_epochs=20):
    bu, bi = np.zeros(n_users), np.zeros(n_items)
    for _ in range(n_epochs):
        for u, i, r in all_ratings(ur):
            err = r - (mu + bu[u] + bi[i])
            bu[u] += lr * (err - reg * bu[u])
            bi[i] += lr * (err - reg * bi[i])
    return bu, bi


def predict(uid, iid, mu, bu, bi, u, i):
    est = mu
    if u in uid:
        est += bu[uid[u]]
    if i in iid:
        est += bi[iid[i]]
    return min(SCALE[1], max(SCALE[0], est))


def main():
    uid, iid, ur, ir = trainset(TRAIN)
    mu = float(np.mean([r for (_, _, r) in all_ratings(ur)]))
    out = {"train": TRAIN, "queries": QUERIES, "globalMean": mu}
    for name, (bu, bi) in {
        "als": fit_als(ur, ir, len(uid), len(iid), mu),
        "sgd": fit_sgd(ur, len(uid), len(iid), mu),
        "alsCustom": fit_als(ur, ir, len(uid), len(iid), mu, reg_u=2, reg_i=3, n_epochs=4),
        "sgdCustom": fit_sgd(ur, len(uid), len(iid), mu, reg=0.1, lr=0.05, n_epochs=7),
    }.items():
        out[name] = {
            "userBias": {u: float(bu[k]) for u, k in uid.items()},
            "itemBias": {i: float(bi[k]) for i, k in iid.items()},
            "predictions": [predict(uid, iid, mu, bu, bi, u, i) for u, i in QUERIES],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
