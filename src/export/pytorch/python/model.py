"""The Inkling network as a PyTorch nn.Module, built from its spec (the JSON Inkling keeps in every
model file). Its state_dict has the model file's names and layouts, so the exported weights load
with `model.load_state_dict(tensors)` and no conversion:

  conv2d     weight [out, in, k, k], bias [out]; 'same' pads as Keras does (the odd pixel after)
  dense      weight [in, out] (y = x·W + b), reading its input flattened in N, C, H, W order
  batchnorm  gamma, beta, running_mean, running_var; running = momentum·running + (1 − momentum)·batch
             (Keras' meaning of momentum), the unbiased batch variance in the running one
  lstm       weight [features, 4·units], recurrent_weight [units, 4·units], bias [4·units], gates
             in Keras' order i, f, g, o; an image is read as 28 steps of 28 pixels
  maxpool, avgpool (valid windows), globalavgpool, dropout: no tensors

    python3 model.py model.safetensors   # prints the layers and the parameter count
"""

import json
import math
import sys

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS = {"none": lambda x: x, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def activate(x, name):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; Inkling's are {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name](x)


class Conv2d(nn.Module):
    def __init__(self, spec, shape):
        super().__init__()
        c, h, w = shape
        k, s = spec["kernel"], spec["stride"]
        self.spec = spec
        self.weight = nn.Parameter(torch.zeros(spec["filters"], c, k, k))
        self.bias = nn.Parameter(torch.zeros(spec["filters"])) if spec.get("bias", True) else None
        if spec["padding"] == "same":
            out_h, out_w = math.ceil(h / s), math.ceil(w / s)
            pad_h = max((out_h - 1) * s + k - h, 0)
            pad_w = max((out_w - 1) * s + k - w, 0)
            # Keras/TF: the smaller half before, the larger after.
            self.pads = (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2)
        else:
            out_h, out_w = (h - k) // s + 1, (w - k) // s + 1
            self.pads = (0, 0, 0, 0)
        self.out_shape = [spec["filters"], out_h, out_w]

    def forward(self, x):
        if any(self.pads):
            x = F.pad(x, self.pads)
        return activate(F.conv2d(x, self.weight, self.bias, stride=self.spec["stride"]), self.spec["activation"])


class Dense(nn.Module):
    def __init__(self, spec, shape):
        super().__init__()
        self.spec = spec
        features = math.prod(shape)
        self.weight = nn.Parameter(torch.zeros(features, spec["units"]))
        self.bias = nn.Parameter(torch.zeros(spec["units"])) if spec.get("bias", True) else None
        self.out_shape = [spec["units"]]

    def forward(self, x):
        y = x.flatten(1) @ self.weight
        if self.bias is not None:
            y = y + self.bias
        return activate(y, self.spec["activation"])


class BatchNorm(nn.Module):
    """Per channel after a conv ([C, H, W]), per feature after a dense ([F]), per step after a sequence."""

    def __init__(self, spec, shape):
        super().__init__()
        self.spec = spec
        c = shape[0]
        self.gamma = nn.Parameter(torch.ones(c))
        self.beta = nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))
        self.out_shape = list(shape)

    def forward(self, x):
        n, c = x.shape[0], x.shape[1]
        flat = x.reshape(n, c, -1)
        if self.training:
            mean = flat.mean(dim=(0, 2))
            var = flat.var(dim=(0, 2), unbiased=False)
            with torch.no_grad():
                count = flat.shape[0] * flat.shape[2]
                m = self.spec["momentum"]
                unbiased = var * (count / (count - 1)) if count > 1 else var
                self.running_mean.mul_(m).add_((1 - m) * mean)
                self.running_var.mul_(m).add_((1 - m) * unbiased)
        else:
            mean, var = self.running_mean, self.running_var
        inv = torch.rsqrt(var + self.spec["epsilon"])
        y = (flat - mean[None, :, None]) * (inv * self.gamma)[None, :, None] + self.beta[None, :, None]
        return activate(y.reshape(x.shape), self.spec["activation"])


class Lstm(nn.Module):
    def __init__(self, spec, shape):
        super().__init__()
        self.spec = spec
        if len(shape) == 3 and shape[0] == 1:
            steps, features = shape[1], shape[2]
        elif len(shape) == 2:
            steps, features = shape
        else:
            raise ValueError(f"lstm {spec['name']}: reads [1, H, W] or [steps, features], got {shape}")
        units = spec["units"]
        self.weight = nn.Parameter(torch.zeros(features, 4 * units))
        self.recurrent_weight = nn.Parameter(torch.zeros(units, 4 * units))
        self.bias = nn.Parameter(torch.zeros(4 * units))
        self.out_shape = [steps, units] if spec["returnSequences"] else [units]

    def forward(self, x):
        if x.dim() == 4:
            x = x[:, 0]
        n, steps, _ = x.shape
        units = self.spec["units"]
        inputs = x @ self.weight + self.bias
        h = x.new_zeros(n, units)
        c = x.new_zeros(n, units)
        outputs = []
        for t in range(steps):
            z = inputs[:, t] + h @ self.recurrent_weight
            i, f, g, o = z.split(units, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.spec["returnSequences"] else h


class Pool(nn.Module):
    def __init__(self, spec, shape):
        super().__init__()
        self.spec = spec
        c, h, w = shape
        size, stride = spec["size"], spec["stride"]
        self.out_shape = [c, (h - size) // stride + 1, (w - size) // stride + 1]

    def forward(self, x):
        pool = F.max_pool2d if self.spec["kind"] == "maxpool" else F.avg_pool2d
        return pool(x, self.spec["size"], self.spec["stride"])


class GlobalAvgPool(nn.Module):
    def __init__(self, spec, shape):
        super().__init__()
        self.out_shape = [shape[0]]

    def forward(self, x):
        return x.mean(dim=(2, 3))


class Dropout(nn.Module):
    """Inverted dropout: kept units scaled by 1/(1 − rate) in training, the identity when reading."""

    def __init__(self, spec, shape):
        super().__init__()
        self.rate = spec["rate"]
        self.out_shape = list(shape)

    def forward(self, x):
        return F.dropout(x, self.rate, self.training)


KINDS = {
    "conv2d": Conv2d,
    "dense": Dense,
    "batchnorm": BatchNorm,
    "lstm": Lstm,
    "maxpool": Pool,
    "avgpool": Pool,
    "globalavgpool": GlobalAvgPool,
    "dropout": Dropout,
}


class InklingNet(nn.Module):
    """Input [N, 1, 28, 28] floats in [0, 1] (pixel / 255); output the 10 logits."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.names = []
        shape = list(spec.get("input", [1, 28, 28]))
        for layer in spec["layers"]:
            kind = KINDS.get(layer["kind"])
            if kind is None:
                raise ValueError(f"layer {layer.get('name')}: unknown kind {layer['kind']!r}; the kinds are {', '.join(KINDS)}")
            module = kind(layer, shape)
            # Registered under the layer's own name, so state_dict keys are the file's ("conv1.weight").
            self.add_module(layer["name"], module)
            self.names.append(layer["name"])
            shape = module.out_shape

    def forward(self, x):
        for name in self.names:
            x = getattr(self, name)(x)
        return x


def load(path):
    """The network of an Inkling model file with its weights, in eval mode, and the file's metadata."""
    from safetensors_io import load_file

    tensors, metadata = load_file(path)
    if metadata.get("format") != "inkling/3":
        raise ValueError(f"{path}: not an Inkling model file (format {metadata.get('format')!r}, expected 'inkling/3')")
    model = InklingNet(json.loads(metadata["spec"]))
    model.load_state_dict(tensors, strict=True)
    return model.eval(), metadata


if __name__ == "__main__":
    net, meta = load(sys.argv[1] if len(sys.argv) > 1 else "model.safetensors")
    print(net)
    print(f"{sum(p.numel() for p in net.parameters()):,} parameters")
