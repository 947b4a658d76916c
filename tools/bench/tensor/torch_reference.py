"""PyTorch side of `npm run bench:tensor`: the platform's reference CNN (and an LSTM) timed on the CPU.

Prints one JSON object on stdout. Same architecture, batch, optimiser and input sizes as the
TensorFlow.js side in bench-tensor.ts, so the images/s figures compare directly.
"""
import argparse
import json
import time

import torch
from torch import nn


def reference_cnn() -> nn.Module:
    # conv 32/64/128, 3x3 'same', ReLU, 2x2 max pooling after each; dense 512 ReLU; dense 2.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * 3 * 3, 512), nn.ReLU(), nn.Linear(512, 2),
    )


class LstmClassifier(nn.Module):
    def __init__(self, features: int, units: int):
        super().__init__()
        self.lstm = nn.LSTM(features, units, batch_first=True)
        self.out = nn.Linear(units, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1])


def rate(step, count: int, warmup: int, per_step: int) -> float:
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(count):
        step()
    return count * per_step / (time.perf_counter() - start)


def bench_cnn(steps: int, warmup: int, batch: int) -> dict:
    torch.manual_seed(0)
    model = reference_cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 2, (batch,))

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    train = rate(train_step, steps, warmup, batch)
    model.eval()

    def infer_step():
        with torch.no_grad():
            torch.softmax(model(x), dim=1)

    infer = rate(infer_step, steps * 3, warmup, batch)
    return {"trainImagesPerSec": train, "inferImagesPerSec": infer}


def bench_lstm(steps: int, warmup: int, batch: int, timesteps: int, features: int) -> dict:
    torch.manual_seed(0)
    model = LstmClassifier(features, 64)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    x = torch.randn(batch, timesteps, features)
    y = torch.randint(0, 2, (batch, 1)).float()

    def train_step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    return {"trainSequencesPerSec": rate(train_step, steps, warmup, batch)}


def matmul_gflops(size: int = 1024, repeats: int = 5) -> float:
    """Single-precision matrix product speed: tells an optimised BLAS from Debian's reference one."""
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * size**3 * repeats / (time.perf_counter() - start) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="0 keeps PyTorch's default")
    parser.add_argument("--lstm-steps", type=int, default=0)
    parser.add_argument("--lstm-timesteps", type=int, default=140)
    parser.add_argument("--lstm-features", type=int, default=8)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    result = {"torchVersion": torch.__version__, "threads": torch.get_num_threads(), "matmulGflops": round(matmul_gflops(), 1)}
    result.update(bench_cnn(args.steps, args.warmup, args.batch))
    if args.lstm_steps > 0:
        result["lstm"] = bench_lstm(args.lstm_steps, 1, args.batch, args.lstm_timesteps, args.lstm_features)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
