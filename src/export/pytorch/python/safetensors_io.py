"""Reads and writes safetensors files of float32 tensors with only torch, json and struct.

The format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
header, then the tensors' bytes. The header maps each name to {dtype, shape, data_offsets} and
may hold "__metadata__", a map of strings: Inkling keeps the model's spec and provenance there.
`safetensors.torch.load_file` reads the same files where that package is installed.
"""

import json
import struct

import torch

METADATA_KEY = "__metadata__"


def load_file(path):
    """Returns (tensors by name, metadata) of a float32 safetensors file; raises naming the problem."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes is too short for a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: the header length ({n} bytes) runs past the file ({len(data)} bytes)")
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    metadata = header.pop(METADATA_KEY, {}) or {}
    body = bytearray(data[8 + n :])
    tensors = {}
    for name, entry in header.items():
        if entry.get("dtype") != "F32":
            raise ValueError(f"{path}: {name!r} is {entry.get('dtype')}; only F32 tensors are read")
        begin, end = entry["data_offsets"]
        shape = [int(d) for d in entry["shape"]]
        count = 1
        for d in shape:
            count *= d
        if end - begin != 4 * count or end > len(body):
            raise ValueError(f"{path}: {name!r} spans {end - begin} bytes but its shape {shape} needs {4 * count}")
        values = torch.frombuffer(body, dtype=torch.float32, count=count, offset=begin) if count else torch.zeros(0)
        tensors[name] = values.reshape(shape).clone()
    return tensors, metadata


def save_file(tensors, path, metadata=None):
    """Writes float32 tensors (little-endian, in the given order) with string metadata."""
    header = {METADATA_KEY: dict(metadata or {})}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().to("cpu", torch.float32).contiguous()
        raw = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # The data starts 8-byte aligned, as the reference writer pads it.
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
