#!/usr/bin/env python3
"""Times NLTK's KneserNeyInterpolated on a whitespace-tokenised file (one sentence per line).

Prints one JSON line: fit seconds (padding + everygrams + counting, what `fit` does) and the rate of
`logscore` queries, the operation NLTK computes lazily. Run with Debian's /usr/bin/python3
(`apt-get install -y python3-nltk`); used by tools/bench/nlp/bench-nlp.ts.
"""
import json
import sys
import time

from nltk.lm import KneserNeyInterpolated
from nltk.lm.preprocessing import padded_everygram_pipeline


def main():
    path, order, queries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    with open(path, encoding="utf-8") as handle:
        sentences = [line.split() for line in handle if line.strip()]
    # Best of `rounds` fits, as the TypeScript side takes its best build: both figures then measure
    # the work rather than a garbage collection or another process on a shared machine.
    fit_seconds = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        train, vocab = padded_everygram_pipeline(order, sentences)
        model = KneserNeyInterpolated(order)
        model.fit(train, vocab)
        fit_seconds = min(fit_seconds, time.perf_counter() - start)
    # Query the last words of the first sentences with their contexts, as a language model is used.
    pairs = []
    for sentence in sentences:
        padded = ["<s>"] * (order - 1) + sentence
        for i in range(order - 1, len(padded)):
            pairs.append((padded[i], padded[i - order + 1:i]))
            if len(pairs) >= queries:
                break
        if len(pairs) >= queries:
            break
    start = time.perf_counter()
    for word, context in pairs:
        model.logscore(word, context)
    query_seconds = time.perf_counter() - start
    print(json.dumps({"fit_seconds": fit_seconds, "sentences": len(sentences), "queries": len(pairs), "queries_per_second": len(pairs) / query_seconds}))


if __name__ == "__main__":
    main()
