#!/usr/bin/env bash
# rag-service benchmark: embeddings/s, ingestion chunks/s over Debian's python3.11-doc, retrieval quality on two
# corpora (python docs, Thai policies: hit@1/5/10, MRR@10, nDCG@10, distinct pages per mode and fusion variant beside
# an in-run plain BM25 baseline) and query p50/p95 at LATENCY_CHUNKS chunks. Needs the local Postgres (with pgvector)
# and Redis. Two service runs on one database: "sweep" with the per-document cap off (raw candidate lists, every
# fusion variant computed from them), then "check" at the committed defaults (quality through the API, latency).
# Builds what is missing:  mvn -o -q -pl rag-service,db-migrations -am package -DskipTests
set -euo pipefail
# the bench mints its tokens once, for longer than the 15 min services accept by default
export BL1NK_IDENTITY_MAXTOKENLIFETIME=3h
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
PORT=${RAG_BENCH_PORT:-18082}
LATENCY_CHUNKS=${LATENCY_CHUNKS:-100000}
CORPUS=/usr/share/doc/python3.11/html
M2="$HOME/.m2/repository/com/bl1nk"
RAG_JAR=${RAG_JAR:-$ROOT/rag-service/target/rag-service-0.1.0-SNAPSHOT.jar}
MIGRATIONS_JAR=${MIGRATIONS_JAR:-$ROOT/db-migrations/target/db-migrations-0.1.0-SNAPSHOT-exec.jar}
[ -f "$MIGRATIONS_JAR" ] || MIGRATIONS_JAR=$M2/db-migrations/0.1.0-SNAPSHOT/db-migrations-0.1.0-SNAPSHOT-exec.jar
# REUSE_DB=<name> runs against a database kept by an earlier KEEP_DB=1 run (e.g. with --latency-only).
DB=${REUSE_DB:-"bl1nk_ragbench_$(date +%s)"}
[ -n "${REUSE_DB:-}" ] && KEEP_DB=1
URL="jdbc:postgresql://127.0.0.1:5432/$DB"
PREFIX="ragbench-$$:"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" postgres >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
  echo "logs kept in $WORK"
}
trap cleanup EXIT

# workload keys (ES256): rag-service signs with rag.pem and trusts trusted/; the benchmark signs as the gateway
source "$ROOT/bench/keys.sh"
bench_keys "$ROOT/bench/rag/target/keys"

if [ ! -f "$CORPUS/library/index.html" ]; then
  echo "installing the corpus: python3.11-doc"
  apt-get install -y python3.11-doc >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3.11-doc >/dev/null; }
fi
if [ ! -f "$RAG_JAR" ]; then
  echo "building rag-service"
  (cd "$ROOT" && mvn -o -B -q -pl rag-service,db-migrations -am package -DskipTests -Dspotless.check.skip=true \
    -Djacoco.skip=true)
fi

if [ -z "${REUSE_DB:-}" ]; then
  echo "migrating $DB"
  # --no-roles: the benchmark connects as postgres, so the cluster-wide bl1nk_<workload> roles are left alone
  "$JAVA" -jar "$MIGRATIONS_JAR" --create-database --no-roles --url "$URL" --user postgres > "$WORK/migrate.log" 2>&1
fi

# start_service <label> [extra service arguments...]
start_service() {
  local label=$1
  shift
  echo "rag-service on $PORT ($label)"
  OPT_OUT_TRACKING=true "$JAVA" -Xmx2g -DOPT_OUT_TRACKING=true \
    --enable-native-access=ALL-UNNAMED -jar "$RAG_JAR" \
    --server.port="$PORT" \
    --spring.datasource.url="$URL" --spring.datasource.username=postgres --spring.datasource.password= \
    --bl1nk.identity.signing-key-file="$BENCH_KEYS/rag.pem" --bl1nk.identity.trusted-keys-dir="$BENCH_KEYS/trusted" \
    --bl1nk.redis.key-prefix="$PREFIX" \
    --logging.level.root=WARN "$@" > "$WORK/rag-service-$label.log" 2>&1 &
  RAG_PID=$!
  PIDS+=($RAG_PID)
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || {
    echo "rag-service did not start"; tail -50 "$WORK/rag-service-$label.log"; exit 1; }
}
stop_service() {
  kill "$RAG_PID" 2>/dev/null || true
  wait "$RAG_PID" 2>/dev/null || true
}

BENCH=("$JAVA" "$ROOT/bench/rag/RagBench.java" --base="http://127.0.0.1:$PORT" --keys="$BENCH_KEYS" --db="$DB"
  --corpus="$CORPUS" --questions="$ROOT/bench/rag/questions.tsv" --corpus-th="$ROOT/bench/rag/corpus-th"
  --questions-th="$ROOT/bench/rag/questions-th.tsv" --latency-chunks="$LATENCY_CHUNKS"
  --sweep-out="$ROOT/bench/rag/target/sweep.tsv")

if [[ " $* " == *" --latency-only "* ]]; then
  start_service latency
  "${BENCH[@]}" "$@" | tee "$WORK/report-latency.txt"
  exit 0
fi
if [[ " $* " != *" --check-only "* ]]; then
  # raw lists: the cap off, so vector/keyword at topK 40 are exactly the candidate lists hybrid fuses
  start_service sweep --bl1nk.rag.retrieval.max-chunks-per-document=0
  SWEEP_ARGS=(--phase=sweep)
  [ -n "${REUSE_DB:-}" ] && SWEEP_ARGS+=(--reuse)
  "${BENCH[@]}" "${SWEEP_ARGS[@]}" "$@" | tee "$WORK/report-sweep.txt"
  stop_service
fi
if [[ " $* " != *" --sweep-only "* ]]; then
  start_service check
  "${BENCH[@]}" --phase=check "$@" | tee "$WORK/report-check.txt"
fi
