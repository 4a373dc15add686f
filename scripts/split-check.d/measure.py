#!/usr/bin/env python3
"""gzip -9 bytes of the .wasm/.js/.css each step of check.mjs fetched, from the files in DIST.
  node check.mjs … > check.out; measure.py DIST check.out"""
import gzip
import json
import os
import sys

dist, out = sys.argv[1], sys.argv[2]
for line in open(out):
    if not line.startswith('{"step"'):
        continue
    step = json.loads(line)
    kinds = {"wasm": [0, 0, 0], "js": [0, 0, 0], "css": [0, 0, 0]}  # files, raw, gzip
    for name in sorted({f.lstrip("/") for f in step["files"]}):
        path = os.path.join(dist, name)
        kind = kinds.get(name.rsplit(".", 1)[-1])
        if kind is None or not os.path.isfile(path):
            continue
        data = open(path, "rb").read()
        kind[0] += 1
        kind[1] += len(data)
        kind[2] += len(gzip.compress(data, 9, mtime=0))
    files, raw, gz = (sum(k[i] for k in kinds.values()) for i in range(3))
    detail = "  ".join(f"{k} {v[0]} files {v[2] / 1024:.1f}" for k, v in kinds.items() if v[0])
    print(f"{step['step']:22s} {files:3d} files  raw {raw / 1024:7.1f} KiB  gzip -9 {gz / 1024:6.1f} KiB ({gz} B)  {detail}")
