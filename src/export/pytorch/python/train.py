"""Trains the exported Inkling model on MNIST with Inkling's recipe (recipe.json), on one device or
many (torchrun: DistributedDataParallel, nccl on GPUs, gloo on CPUs), and saves a model file that
Inkling imports. Ends with one JSON line: test_accuracy, test_loss, test_images, steps, ...

  python3 train.py --data DIR --eval-only
  python3 train.py --data DIR --epochs 1 --out trained.safetensors
  torchrun --nproc_per_node 4 train.py --data DIR --epochs 3 --device cuda --out trained.safetensors
"""

import argparse
import gzip
import json
import math
import os
import shlex
import struct
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from model import InklingNet  # noqa: E402
from safetensors_io import load_file, save_file  # noqa: E402

SHIFT = 2  # pixels a training image may move each way when the recipe augments
TRAIN_COUNT = 60000


def read_idx(path):
    """An IDX file (gzip or not) as a uint8 tensor of its shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    if magic >> 8 != 0x08 or dims not in (1, 3):
        raise ValueError(f"{path}: not an IDX file of bytes (magic {magic:#x})")
    shape = struct.unpack(f">{dims}I", data[4 : 4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims :]), dtype=torch.uint8).reshape(shape)


def read_mnist(directory, split):
    prefix = "train" if split == "train" else "t10k"
    found = {}
    for part, dims in (("images", "idx3"), ("labels", "idx1")):
        name = f"{prefix}-{part}-{dims}-ubyte"
        for candidate in (name + ".gz", name):
            if os.path.exists(os.path.join(directory, candidate)):
                found[part] = read_idx(os.path.join(directory, candidate))
                break
        else:
            raise FileNotFoundError(f"{directory}: no {name}.gz (Inkling's public/data after `npm run prepare-data`)")
    return found["images"], found["labels"].long()


def schedule_factor(name, step, total):
    """The learning-rate factor of 0-based `step` of `total`: src/model/lr-schedule.ts."""
    if name == "constant" or total <= 1:
        return 1.0
    p = min(1.0, max(0.0, step / total))
    cosine = lambda a, b, t: b + (a - b) * (1 + math.cos(math.pi * t)) / 2  # noqa: E731
    if name == "cosine":
        return cosine(1.0, 0.0, p)
    if name == "onecycle":
        start, end = 1 / 25, 1 / 25 / 1e4
        return cosine(start, 1.0, p / 0.3) if p < 0.3 else cosine(1.0, end, (p - 0.3) / 0.7)
    if name == "anneal":
        return 1.0 if p <= 0.75 else (1 - p) / 0.25
    raise ValueError(f"unknown schedule {name!r}")


class KerasAdam(torch.optim.Optimizer):
    """Adam as Keras (and Inkling) write it: lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), p −= lr_t·m/(√v + ε).
    PyTorch's Adam adds ε to √v̂ instead, a different step when v is small."""

    def __init__(self, params, lr, beta1, beta2, eps):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2, eps = group["beta1"], group["beta2"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["t"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                state["t"] += 1
                t = state["t"]
                state["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                state["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                lr_t = group["lr"] * math.sqrt(1 - b2**t) / (1 - b1**t)
                p.sub_(lr_t * state["m"] / (state["v"].sqrt() + eps))


def make_optimizer(recipe, params):
    lr = recipe["learningRate"]
    if recipe["optimizer"] == "adam":
        return KerasAdam(params, lr, recipe.get("beta1", 0.9), recipe.get("beta2", 0.999), recipe.get("eps", 1e-7))
    if recipe["optimizer"] == "sgd":
        # v = momentum·v + g, p −= lr·v: PyTorch's SGD with momentum is the same update.
        return torch.optim.SGD(params, lr=lr, momentum=recipe.get("momentum", 0.9))
    raise ValueError(f"unknown optimizer {recipe['optimizer']!r}; Inkling's are adam and sgd")


def augment(x, recipe, generator):
    """Per image: a shift of up to 2 px, a turn of up to ±rotate degrees and a scale of 1 ± zoom about
    the centre, read bilinearly with 0 outside, as Inkling's gather kernel does."""
    n = x.shape[0]
    rotate, zoom = recipe.get("rotate", 0) or 0, recipe.get("zoom", 0) or 0
    d = torch.randint(-SHIFT, SHIFT + 1, (n, 2), generator=generator).float()
    angle = (torch.rand(n, generator=generator) * 2 - 1) * math.radians(rotate)
    scale = 1 + (torch.rand(n, generator=generator) * 2 - 1) * zoom
    h, w = x.shape[2], x.shape[3]
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    # Output pixel (col, row) reads source R(−a)·((col, row) − centre − d)/scale + centre; in
    # grid_sample's [−1, 1] coordinates (align_corners) the centre is 0 and a pixel is 2/(size − 1).
    ux, uy = 2 / (w - 1), 2 / (h - 1)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = cos
    theta[:, 0, 1] = sin * ux / uy
    theta[:, 1, 0] = -sin * uy / ux
    theta[:, 1, 1] = cos
    theta[:, 0, 2] = -ux * (cos * d[:, 0] + sin * d[:, 1])
    theta[:, 1, 2] = -uy * (-sin * d[:, 0] + cos * d[:, 1])
    grid = F.affine_grid(theta.to(x.device), list(x.shape), align_corners=True)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True)


def evaluate(model, images, labels, device, limit):
    model.eval()
    images, labels = images[:limit], labels[:limit]
    correct, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(images), 1000):
            x = images[i : i + 1000].to(device).float().div(255).unsqueeze(1)
            y = labels[i : i + 1000].to(device)
            logits = model(x)
            loss += F.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(1) == y).sum().item()
    return correct / len(images), loss / len(images), len(images)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Train or evaluate an exported Inkling model.")
    p.add_argument("--data", required=True, help="folder with MNIST's IDX files (Inkling's public/data)")
    p.add_argument("--model", default=os.path.join(HERE, "model.safetensors"), help="the model file to start from")
    p.add_argument("--recipe", default=os.path.join(HERE, "recipe.json"), help="the training settings")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, help="epochs to train (default: the recipe's)")
    length.add_argument("--steps", type=int, help="optimizer steps to train (the schedule spans them)")
    p.add_argument("--eval-only", action="store_true", help="evaluate the starting weights and stop")
    p.add_argument("--out", help="write the trained model here (safetensors Inkling imports)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--test-limit", type=int, default=10000, help="evaluate on the first N test images")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if world > 1:
        dist.init_process_group("nccl" if args.device == "cuda" else "gloo")
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}" if args.device == "cuda" else "cpu")
    if args.device == "cuda":
        torch.cuda.set_device(device)

    tensors, metadata = load_file(args.model)
    spec = json.loads(metadata["spec"])
    provenance = json.loads(metadata.get("provenance", "{}"))
    with open(args.recipe) as f:
        recipe = json.load(f)
    model = InklingNet(spec)
    model.load_state_dict(tensors, strict=True)
    model.to(device)
    test_images, test_labels = read_mnist(args.data, "test")

    steps = 0
    train_losses = []
    if not args.eval_only:
        images, labels = read_mnist(args.data, "train")
        batch = recipe["batchSize"]
        per_epoch = len(images) // (batch * world)
        total = args.steps if args.steps is not None else per_epoch * (args.epochs or recipe["epochs"])
        seed = recipe.get("seed", 1)
        net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
        optimizer = make_optimizer(recipe, model.parameters())
        generator = torch.Generator().manual_seed(seed * 1000 + rank)
        model.train()
        while steps < total:
            order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed + steps))
            for b in range(per_epoch):
                if steps >= total:
                    break
                # Every process draws the same order and takes its own share of each global batch.
                idx = order[(b * world + rank) * batch : (b * world + rank + 1) * batch]
                x = images[idx].float().div(255).unsqueeze(1)
                if recipe.get("augment"):
                    x = augment(x, recipe, generator)
                x, y = x.to(device), labels[idx].to(device)
                for group in optimizer.param_groups:
                    group["lr"] = recipe["learningRate"] * schedule_factor(recipe.get("schedule", "anneal"), steps, total)
                loss = F.cross_entropy(net(x), y, label_smoothing=recipe.get("labelSmoothing", 0) or 0)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                train_losses.append(loss.item())
                steps += 1
        model.eval()

    result = {"steps": steps, "world_size": world, "device": args.device}
    if rank == 0:
        accuracy, test_loss, count = evaluate(model, test_images, test_labels, device, args.test_limit)
        result.update(test_accuracy=accuracy, test_loss=test_loss, test_images=count, train_losses=train_losses)
        if steps:
            result["epochs"] = steps * recipe["batchSize"] * world / TRAIN_COUNT
        if args.out:
            save(args, model, spec, provenance, recipe, result, world)
        print(json.dumps(result), flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


def save(args, model, spec, provenance, recipe, result, world):
    launcher = f"torchrun --nproc_per_node {world} " if world > 1 else "python3 "
    entry = {
        "command": launcher + "train.py " + shlex.join(sys.argv[1:]),
        "trainer": f"PyTorch {torch.__version__}",
        "epochs": result.get("epochs", 0),
        "steps": result["steps"],
        "batch": recipe["batchSize"] * world,
        "settings": recipe,
        "testAccuracy": result["test_accuracy"],
        "testLoss": result["test_loss"],
        "testImages": result["test_images"],
        "adapter": f"{args.device} ×{world}" + (f" ({'nccl' if args.device == 'cuda' else 'gloo'})" if world > 1 else ""),
    }
    history = list(provenance.get("history") or ([provenance] if provenance.get("command") else []))
    history.append(entry)
    meta = {"format": "inkling/3", "spec": json.dumps(spec), "provenance": json.dumps({**entry, "history": history})}
    state = {k: v for k, v in model.state_dict().items()}
    save_file(state, args.out, meta)
    print(f"saved {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
