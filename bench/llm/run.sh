#!/usr/bin/env bash
# Model-layer overhead benchmark (see README.md). Starts mock-llm and task-service (mock mode) on spare ports against
# a throwaway database, runs LlmOverheadBench, and stops what it started. GATEWAY_URL + API_KEY add the gateway path.
set -euo pipefail
# the bench mints its tokens once, for longer than the 15 min services accept by default
export BL1NK_IDENTITY_MAXTOKENLIFETIME=3h
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
CALLS=${CALLS:-2000}
RATES=${RATES:-100,500,1000}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
TASK_PORT=${TASK_PORT:-18481}
MOCK_PORT=${MOCK_PORT:-18490}
DB=${BENCH_DB:-bl1nk_bench_llm}
PG_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
MASTER_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
WORK="$ROOT/bench/llm/target"
mkdir -p "$WORK"
# workload keys (ES256): each service started here signs with its own <workload>.pem and trusts trusted/ (so billing
# accepts task-service's reservations and task-service the gateway's tokens); the benchmark signs as the gateway
source "$ROOT/bench/keys.sh"
bench_keys "$WORK/keys"
TRUSTED="$BENCH_KEYS/trusted"

TASK_JAR=$(ls task-service/target/task-service-*.jar 2>/dev/null | grep -v original | head -1 || true)
MIG_JAR=$(ls db-migrations/target/db-migrations-*-exec.jar 2>/dev/null | head -1 || true)
MOCK_JAR=$(ls mock-llm/target/mock-llm-*-exec.jar 2>/dev/null | head -1 || true)
[ -f "$TASK_JAR" ] && [ -f "$MIG_JAR" ] && [ -f "$MOCK_JAR" ] || {
  echo "build first: mvn -o -B -pl db-migrations,mock-llm,task-service package -DskipTests"; exit 1; }

# private copies: other builds may rewrite target/ while the benchmark runs
cp "$TASK_JAR" "$WORK/task-service.jar"; TASK_JAR="$WORK/task-service.jar"
cp "$MOCK_JAR" "$WORK/mock-llm.jar"; MOCK_JAR="$WORK/mock-llm.jar"

# a fresh database each run (the gateway bootstraps its admin key into an empty identity schema)
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" >/dev/null 2>&1 || true
# --no-roles: the benchmark connects as postgres, so the cluster-wide bl1nk_<workload> roles are left alone
"$JAVA" -jar "$MIG_JAR" --create-database --no-roles --url "$PG_URL" >/dev/null 2>&1

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$JAVA" -XX:+UseSerialGC -jar "$MOCK_JAR" --port "$MOCK_PORT" --no-demo-rules >"$WORK/mock-llm.log" 2>&1 &
pids+=($!)

BILLING_URL=http://127.0.0.1:8084
if [ "${BILLING:-0}" = 1 ]; then
  # a real billing-service on a spare port: every call then reserves and settles (prices: mock-llm rows of its V002)
  BILLING_PORT=${BILLING_PORT:-18484}
  BILLING_JAR=$(ls billing-service/target/billing-service-*.jar | grep -v original | head -1)
  cp "$BILLING_JAR" "$WORK/billing-service.jar"
  SPRING_DATASOURCE_URL="$PG_URL" BL1NK_REDIS_KEY_PREFIX="bench-llm:" \
    BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/billing.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$TRUSTED" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$WORK/billing-service.jar" --server.port=$BILLING_PORT \
    --bl1nk.logging.structured=false --logging.level.root=WARN >"$WORK/billing-service.log" 2>&1 &
  pids+=($!)
  BILLING_URL=http://127.0.0.1:$BILLING_PORT
  BILLING_RESERVATIONS=true
  for i in $(seq 1 240); do curl -fs "$BILLING_URL/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
fi

SPRING_DATASOURCE_URL="$PG_URL" BL1NK_MASTER_KEY="$MASTER_KEY" \
  BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/task.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$TRUSTED" \
  BL1NK_BILLING_URL="$BILLING_URL" BL1NK_LLM_MODE=mock BL1NK_MOCK_LLM_URL="http://127.0.0.1:$MOCK_PORT/v1" \
  BL1NK_BILLING_RESERVATIONS="${BILLING_RESERVATIONS:-false}" BL1NK_REDIS_KEY_PREFIX="bench-llm:" \
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$TASK_JAR" --server.port=$TASK_PORT \
  --bl1nk.task.queue.worker-enabled=false --bl1nk.logging.structured=false --logging.level.root=WARN \
  >"$WORK/task-service.log" 2>&1 &
pids+=($!)

for i in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$TASK_PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$TASK_PORT/actuator/health" >/dev/null || { tail -30 "$WORK/task-service.log"; exit 1; }

if [ "${GATEWAY:-0}" = 1 ]; then
  # a real gateway-service on a spare port in front of this task-service: API key lookup (Redis-cached), per-key
  # Redis token bucket (limit raised so the benchmark measures the hop, not the 600/min default), identity token
  GATEWAY_PORT=${GATEWAY_PORT:-18480}
  GATEWAY_JAR=$(ls gateway-service/target/gateway-service-*.jar | grep -v original | head -1)
  cp "$GATEWAY_JAR" "$WORK/gateway-service.jar"
  rm -f "$WORK/admin.key"
  SPRING_DATASOURCE_URL="$PG_URL" BL1NK_REDIS_KEY_PREFIX="bench-llm:" \
    BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/gateway.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$TRUSTED" \
    BL1NK_GATEWAY_ROUTES_TASK="http://127.0.0.1:$TASK_PORT" BL1NK_BOOTSTRAP_KEY_FILE="$WORK/admin.key" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$WORK/gateway-service.jar" --server.port=$GATEWAY_PORT \
    --bl1nk.gateway.rate-limit.per-key-per-minute=100000000 --bl1nk.logging.structured=false \
    --logging.level.root=WARN >"$WORK/gateway-service.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$GATEWAY_PORT/actuator/health/readiness" >/dev/null 2>&1 && [ -s "$WORK/admin.key" ] && break
    sleep 0.5
  done
  [ -s "$WORK/admin.key" ] || {
    echo "the gateway wrote no bootstrap key (an earlier run already bootstrapped $DB? drop it: dropdb $DB)"
    tail -30 "$WORK/gateway-service.log"; exit 1; }
  GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
  API_KEY=$(cat "$WORK/admin.key")
fi

# the benchmark's classpath: the libraries inside the task-service jar started above (common-lib's token codec), so it
# needs no Maven and always matches the service
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
(cd "$WORK/lib" && "$JAVA_HOME/bin/jar" xf "$TASK_JAR" BOOT-INF/lib)
CP=$(find "$WORK/lib/BOOT-INF/lib" -name '*.jar' | sort | tr '\n' ':')
EXTRA=()
[ -n "${GATEWAY_URL:-}" ] && [ -n "${API_KEY:-}" ] && EXTRA=("$GATEWAY_URL" "$API_KEY")
"$JAVA" -cp "$CP" bench/llm/LlmOverheadBench.java \
  "http://127.0.0.1:$TASK_PORT" "http://127.0.0.1:$MOCK_PORT/v1" "$BENCH_KEYS/gateway.pem" "$CALLS" "$RATES" "$SECONDS_PER_RATE" \
  "${EXTRA[@]}"
# keep the usage stream of this run from piling up
redis-cli -h 127.0.0.1 --scan --pattern 'bench-llm:*' | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
