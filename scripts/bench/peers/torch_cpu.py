# Native PyTorch on the CPU, the bench's `pytorch_cpu` peer: what a person without a GPU would
# run instead of a browser. Eager mode on the same threads as Inkling's CPU engine, trained the
# way the bench trains every engine: warm-up steps, then timed rounds of steps, then the accuracy
# on the first test images and the latency of one digit. Adapted from ../shared/peers/torch-cpu/
# seed_cnn.py (its README says why Debian's python3-torch wants libopenblas0-pthread beside it).
#
# Usage: /usr/bin/python3 torch_cpu.py --data DIR --model cnn|rnn --batches 64,256 --rounds 3
#          [--steps N] [--warmup N] [--eval N] [--threads N] [--seed N]
# Prints one JSON line: {"torch", "threads", "blas", "batches": [{batch, steps_per_round,
# round_ms, steps_trained, accuracy, inference_ms}]}, or {"skipped": why} without torch.
import argparse, gzip, json, os, struct, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('--data', required=True)
ap.add_argument('--model', choices=['cnn', 'rnn'], default='cnn')
ap.add_argument('--batches', default='64')
ap.add_argument('--rounds', type=int, default=3)
ap.add_argument('--steps', type=int, default=0, help='steps a round; 0: about ROUND_S seconds of steps')
ap.add_argument('--warmup', type=int, default=1)
ap.add_argument('--eval', type=int, default=1000)
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()

try:
    import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
except ImportError as e:
    print(json.dumps({'skipped': f'{sys.executable} cannot import numpy and torch ({e}): apt-get install python3-torch libopenblas0-pthread'}))
    sys.exit(0)

ROUND_S = 1.0  # an automatic round's length
# PyTorch's own warm-up (allocator, oneDNN primitives) before the bench's warm-up steps count.
TORCH_WARMUP = 5
INFERENCE_WARMUP, INFERENCE_RUNS = 2, 30

torch.set_num_threads(a.threads)


def idx(p):
    b = gzip.open(p).read(); m = struct.unpack('>I', b[:4])[0]; nd = m & 0xff
    dims = struct.unpack('>' + 'I' * nd, b[4:4 + 4 * nd]); return np.frombuffer(b, np.uint8, offset=4 + 4 * nd).reshape(dims)


def images(name):
    return torch.tensor(idx(f'{a.data}/{name}-images-idx3-ubyte.gz')).float().div_(255).unsqueeze(1)


def labels(name):
    return torch.tensor(idx(f'{a.data}/{name}-labels-idx1-ubyte.gz').astype(np.int64))


Xtr, Ytr = images('train'), labels('train')
Xte, Yte = images('t10k')[:a.eval], labels('t10k')[:a.eval]


class Cnn(nn.Module):
    """The seed cnn: Conv2D 32 3×3 relu → MaxPool 2 → Dense 128 relu → Dense 10."""
    def __init__(s):
        super().__init__(); s.c = nn.Conv2d(1, 32, 3); s.f1 = nn.Linear(32 * 13 * 13, 128); s.f2 = nn.Linear(128, 10)

    def forward(s, x):
        x = F.max_pool2d(F.relu(s.c(x)), 2); return s.f2(F.relu(s.f1(x.flatten(1))))


class Rnn(nn.Module):
    """The rnn preset: LSTM 128 over the image's 28 rows, its last state, Dense 10."""
    def __init__(s):
        super().__init__(); s.l = nn.LSTM(28, 128, batch_first=True); s.f = nn.Linear(128, 10)

    def forward(s, x):
        out, _ = s.l(x.squeeze(1)); return s.f(out[:, -1])


def blas():
    # Debian's torch multiplies through whichever libblas.so.3 the alternatives pick.
    for p in ('/usr/lib/x86_64-linux-gnu/libblas.so.3', '/usr/lib/aarch64-linux-gnu/libblas.so.3'):
        if os.path.exists(p):
            return os.path.realpath(p)
    return 'unknown'


res = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blas': blas(), 'model': a.model, 'batches': []}
for B in [int(b) for b in a.batches.split(',')]:
    torch.manual_seed(a.seed)
    m = (Cnn if a.model == 'cnn' else Rnn)(); opt = torch.optim.Adam(m.parameters(), 1e-3)
    perm = torch.randperm(Xtr.shape[0])
    last = Xtr.shape[0] - B
    done = 0

    def train(steps):
        global done
        for _ in range(steps):
            i = (done * B) % last
            j = perm[i:i + B]
            loss = F.cross_entropy(m(Xtr[j]), Ytr[j]); opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
            done += 1

    train(a.warmup)
    steps = a.steps
    if steps == 0:
        t0 = time.perf_counter(); train(TORCH_WARMUP)
        steps = max(1, round(ROUND_S / ((time.perf_counter() - t0) / TORCH_WARMUP)))
    round_ms = []
    for _ in range(a.rounds):
        t0 = time.perf_counter(); train(steps); round_ms.append((time.perf_counter() - t0) * 1000)
    m.eval()
    with torch.no_grad():
        accuracy = (m(Xte).argmax(1) == Yte).float().mean().item()
        digit = Xte[:1]
        for _ in range(INFERENCE_WARMUP): F.softmax(m(digit), 1)
        inference_ms = []
        for _ in range(INFERENCE_RUNS):
            t0 = time.perf_counter(); F.softmax(m(digit), 1); inference_ms.append((time.perf_counter() - t0) * 1000)
    res['batches'].append({'batch': B, 'steps_per_round': steps, 'round_ms': round_ms, 'steps_trained': done,
                           'accuracy': accuracy, 'inference_ms': inference_ms})
print(json.dumps(res))
