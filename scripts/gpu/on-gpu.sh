#!/usr/bin/env bash
# Runs on the GPU machine, from the project root: unpacks Node and the Vulkan/GL loaders that
# scripts/gpu/prepare-carry.sh packed into .gpu/, points Vulkan at the NVIDIA driver, restores
# node_modules/webgpu, then runs `node "$@"`. Installing the loader packages needs root.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
[ -x /tmp/node/bin/node ] || { mkdir -p /tmp/node/bin; xz -dc "$dir/node.xz" > /tmp/node/bin/node; chmod +x /tmp/node/bin/node; }
# Dawn for Node, where the bundle looks for it
w=node_modules/webgpu
if [ ! -f "$w/dist/linux-x64/dawn.node" ]; then
  mkdir -p "$w/dist/linux-x64"; cp "$dir"/webgpu/*.js* "$dir"/webgpu/*.ts "$w/" 2>/dev/null || true
  xz -dc "$dir/webgpu/dawn.node.xz" > "$w/dist/linux-x64/dawn.node"
fi
for f in "$dir"/deb/*.deb; do dpkg -x "$f" /; done
ldconfig
export PATH=/tmp/node/bin:$PATH
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd
nvidia-smi -L || true
exec node "$@"
