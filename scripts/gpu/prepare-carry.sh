#!/usr/bin/env bash
# Prepares .gpu/ in the project root: what a Linux machine with an NVIDIA GPU but no Node, no
# browser and no network needs to run this project's Node bundles through Dawn for Node (npm
# `webgpu`) on its Vulkan driver: Node itself, the Vulkan/GL loader packages and Dawn's Linux build,
# compressed (about 30 MB). See docs/GPU-NODE.md. Needs apt-get (Debian/Ubuntu) on this machine.
# Usage, from the project root: scripts/gpu/prepare-carry.sh
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
mkdir -p .gpu/deb
[ -f .gpu/node.xz ] || xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > .gpu/node.xz
if [ -z "$(ls .gpu/deb/*.deb 2>/dev/null)" ]; then
  pkgs="libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2"
  (cd .gpu/deb && { apt-get download $pkgs || { apt-get update -qq && apt-get download $pkgs; }; })
fi
# Dawn for Node, Linux x64 build only (the package holds every platform's), compressed
w=node_modules/webgpu
[ -f "$w/package.json" ] || { echo "run npm ci first: the webgpu package (a devDependency) is missing"; exit 1; }
mkdir -p .gpu/webgpu
cp "$w/package.json" "$w/index.js" .gpu/webgpu/
[ -f "$w/types.d.ts" ] && cp "$w/types.d.ts" .gpu/webgpu/
[ -f .gpu/webgpu/dawn.node.xz ] || xz -T2 -6 -c "$w/dist/linux-x64/dawn.node" > .gpu/webgpu/dawn.node.xz
cp "$(dirname "$0")/on-gpu.sh" .gpu/on-gpu.sh
du -sh .gpu
echo "ready: copy .gpu, your bundle (dist/) and public/data to the GPU machine and run: bash .gpu/on-gpu.sh <bundle.mjs> <args>"
