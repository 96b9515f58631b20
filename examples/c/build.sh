#!/bin/sh
# Rebuilds the example WASI programs (examples/c/*.c → examples/c/*.wasm) with Debian's clang for
# wasm32-wasi. Not part of `npm test`: the .wasm files are committed. Needs, on Debian 12:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
set -eu
cd "$(dirname "$0")"
CC="${CC:-clang}"
for src in hello files env numerics; do
  "$CC" --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o "$src.wasm" "$src.c" -lm
  echo "built examples/c/$src.wasm ($(wc -c < "$src.wasm") bytes)"
done
