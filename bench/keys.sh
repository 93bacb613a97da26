#!/usr/bin/env bash
# Workload keys for the benchmarks: one ES256 (P-256) key pair per workload, as `./bl1nk up` makes them.
#
#   source bench/keys.sh && bench_keys <dir>     (from a run.sh; sets BENCH_KEYS to the absolute <dir>)
#   bench/keys.sh <dir>                          (stand-alone)
#
# Writes <dir>/<workload>.pem (PKCS#8 PRIVATE KEY block followed by its PUBLIC KEY block, mode 600) for gateway, task,
# rag, mcp and billing, and <dir>/trusted/<workload>.pem (the public halves only). Idempotent: existing key pairs are
# kept, and a public half is rewritten only when it does not match its private key. A service started by a benchmark
# gets its own private key and the trusted directory:
#   BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/<workload>.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$BENCH_KEYS/trusted"
# (or --bl1nk.identity.signing-key-file=... --bl1nk.identity.trusted-keys-dir=...). A benchmark client that stands in
# for the gateway signs with gateway.pem; one that stands in for task-service (billing's /internal/** calls) with task.pem.

BENCH_WORKLOADS=(gateway task rag mcp billing)

bench_keys() {
  local dir=${1:?usage: bench_keys <dir>} w public
  command -v openssl >/dev/null 2>&1 || { echo "bench_keys: openssl is needed to generate the workload keys" >&2; return 1; }
  mkdir -p "$dir/trusted" || return 1
  chmod 700 "$dir" || return 1
  for w in "${BENCH_WORKLOADS[@]}"; do
    if [ ! -s "$dir/$w.pem" ]; then
      # written under a temporary name (not *.pem) and moved, so no reader sees half a key
      ( umask 077
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$w.pem.tmp" 2>/dev/null \
          && openssl pkey -in "$dir/$w.pem.tmp" -pubout >> "$dir/$w.pem.tmp" \
          && mv "$dir/$w.pem.tmp" "$dir/$w.pem" ) || { echo "bench_keys: could not generate $dir/$w.pem" >&2; return 1; }
    fi
    public=$(openssl pkey -in "$dir/$w.pem" -pubout) || { echo "bench_keys: $dir/$w.pem is not a usable key" >&2; return 1; }
    if [ "$public" != "$(cat "$dir/trusted/$w.pem" 2>/dev/null)" ]; then
      printf '%s\n' "$public" > "$dir/trusted/$w.pem.tmp" && mv "$dir/trusted/$w.pem.tmp" "$dir/trusted/$w.pem" || return 1
    fi
  done
  BENCH_KEYS=$(cd "$dir" && pwd)
}

# run directly: generate into the given directory and say where
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  bench_keys "${1:?usage: bench/keys.sh <dir>}"
  echo "workload keys in $BENCH_KEYS (trusted public keys in $BENCH_KEYS/trusted)"
fi
