#!/bin/sh
# Fetches the WebAssembly spec testsuite (.wast scripts) that test/spec/run.mjs runs, at the
# commit pinned in ../shared/testsuite/SOURCE.md, into <repo>/.testsuite (or the directory given
# as the first argument). A shallow fetch of that one commit; needs git and network access.
# Not needed when $WASM_TESTSUITE or ../shared/testsuite already holds the suite.
set -eu

REPO_URL="${TESTSUITE_URL:-https://github.com/WebAssembly/testsuite}"
COMMIT="${TESTSUITE_COMMIT:-3a04b2cf93bd8fce277458d419eea8d9c326345c}"

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/.testsuite}"

if [ -d "$dest/.git" ] && [ "$(git -C "$dest" rev-parse HEAD 2>/dev/null || true)" = "$COMMIT" ]; then
  echo "testsuite already at $COMMIT in $dest"
  exit 0
fi

# Fetch into a temporary directory next to the destination, then move it into place, so an
# interrupted fetch never leaves a half-filled suite behind.
tmp="$dest.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
git -C "$tmp" init --quiet
git -C "$tmp" remote add origin "$REPO_URL"
git -C "$tmp" fetch --quiet --depth 1 origin "$COMMIT"
git -C "$tmp" checkout --quiet FETCH_HEAD

rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "testsuite $COMMIT fetched into $dest"
