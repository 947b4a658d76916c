#!/usr/bin/env python3
"""Independent reference for libs/nlp's interpolated modified Kneser-Ney model.

Computes the model straight from the recursive interpolated formula (Chen & Goodman 1998, with
KenLM's adjusted counts) using plain dictionaries, without the back-off form, hashing or tables
that the TypeScript library uses, and prints the values pasted into
libs/nlp/src/lib/lm/kneser-ney.test.ts.

Conventions (the same as the library):
- each sentence is padded with one <s> and one </s>; words seen fewer than MIN_COUNT times are <unk>;
- the top order uses raw counts; lower orders use the number of distinct left extensions, except
  n-grams that start with <s>, which keep their raw counts;
- discounts per order from counts-of-counts n1..n4 of those counts; when they are invalid (a zero
  count-of-count, or a discount outside [0, i]) the fallback 0.5, 1, 1.5 is used;
- the unigram level is interpolated with the uniform distribution over the vocabulary without <s>;
- perplexity as SRILM's `ngram -ppl`: every word and one </s> per sentence scored, never <s>.

Run: python3 tools/reference/kneser_ney_reference.py
"""
import math
from collections import Counter, defaultdict

TRAIN = [
    "the patient denies chest pain",
    "the patient reports chest pain on exertion",
    "the patient denies shortness of breath",
    "patient denies fever or chills",
    "the patient has a history of hypertension",
    "the patient has a history of diabetes",
    "no chest pain no shortness of breath",
    "the pain is worse on exertion",
    "she denies chest pain and fever",
    "he reports fever and chills",
    "the patient was given aspirin",
    "the patient was given metoprolol for hypertension",
    "history of diabetes and hypertension",
    "the patient denies chest pain",
    "chest pain resolved with aspirin",
    "the patient reports shortness of breath on exertion",
]
TEST = [
    "the patient denies chest pain and shortness of breath",
    "she has a history of asthma",
    "fever resolved with aspirin",
]
QUERIES = [
    ("the patient", "denies"),
    ("patient denies", "chest"),
    ("denies chest", "pain"),
    ("chest pain", "</s>"),
    ("the", "pain"),
    ("of", "hypertension"),
    ("a history", "of"),
    ("history of", "asthma"),
    ("<s>", "the"),
    ("<s> the", "patient"),
    ("was given", "aspirin"),
    ("", "patient"),
]
MIN_COUNT = 1
FALLBACK = (0.5, 1.0, 1.5)


def build(order, train=TRAIN, min_count=MIN_COUNT):
    words = Counter(w for line in train for w in line.split())
    vocab = {"<unk>", "<s>", "</s>"} | {w for w, c in words.items() if c >= min_count}
    sentences = [["<s>"] + [w if w in vocab else "<unk>" for w in line.split()] + ["</s>"] for line in train]
    raw = [Counter() for _ in range(order + 1)]
    for s in sentences:
        for n in range(1, order + 1):
            for i in range(len(s) - n + 1):
                gram = tuple(s[i:i + n])
                if n == 1 and gram == ("<s>",):
                    continue
                raw[n][gram] += 1
    raw[1][("<s>",)] = len(sentences)
    adjusted = [Counter() for _ in range(order + 1)]
    adjusted[order] = Counter(raw[order])
    for n in range(order - 1, 0, -1):
        left = defaultdict(set)
        for gram in raw[n + 1]:
            left[gram[1:]].add(gram[0])
        for gram in raw[n]:
            adjusted[n][gram] = raw[n][gram] if gram[0] == "<s>" else len(left[gram])
    discounts = {}
    for n in range(1, order + 1):
        coc = Counter(c for g, c in adjusted[n].items() if g != ("<s>",) and 1 <= c <= 4)
        n1, n2, n3, n4 = (coc[i] for i in range(1, 5))
        d = None
        if n1 > 0 and n2 > 0 and n3 > 0:
            y = n1 / (n1 + 2 * n2)
            d = (1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3)
            if not all(0 <= v <= i + 1 for i, v in enumerate(d)):
                d = None
        discounts[n] = d if d is not None else FALLBACK
    by_context = [defaultdict(dict) for _ in range(order + 1)]
    for n in range(1, order + 1):
        for gram, c in adjusted[n].items():
            if gram != ("<s>",) and c > 0:
                by_context[n][gram[:-1]][gram[-1]] = c
    return {"order": order, "vocab": vocab, "adjusted": adjusted, "discounts": discounts, "by_context": by_context}


def prob(model, context, word):
    """P(word | context) by the interpolated recursion, context truncated to order - 1 words."""
    order = model["order"]
    context = tuple(context)[-(order - 1):] if order > 1 else ()
    p = 1.0 / (len(model["vocab"]) - 1)
    for n in range(1, len(context) + 2):
        h = context[len(context) - (n - 1):] if n > 1 else ()
        followers = model["by_context"][n].get(h)
        if not followers:
            continue
        d1, d2, d3 = model["discounts"][n]
        total = sum(followers.values())
        gamma = sum(d1 if c == 1 else d2 if c == 2 else d3 for c in followers.values()) / total
        c = followers.get(word, 0)
        own = 0.0 if c == 0 else (c - (d1 if c == 1 else d2 if c == 2 else d3)) / total
        p = own + gamma * p
    return p


def perplexity(model, test=TEST):
    total, count = 0.0, 0
    for line in test:
        words = [w if w in model["vocab"] else "<unk>" for w in line.split()] + ["</s>"]
        history = ["<s>"]
        for w in words:
            total += math.log10(prob(model, history, w))
            history.append(w)
            count += 1
    return 10 ** (-total / count)


def main():
    model3 = build(3)
    print("order 3 discounts:", {n: [round(v, 12) for v in d] for n, d in model3["discounts"].items()})
    for context, word in QUERIES:
        print(f"P({word} | {context!r}) = {prob(model3, context.split(), word):.12g}")
    for order in range(1, 6):
        print(f"order {order} perplexity = {perplexity(build(order)):.12g}")
    # Every distribution sums to one over the vocabulary without <s>.
    for context in ["the patient", "denies chest", "zzz unseen", ""]:
        s = sum(prob(model3, context.split(), w) for w in model3["vocab"] if w != "<s>")
        assert abs(s - 1) < 1e-12, (context, s)


if __name__ == "__main__":
    main()
