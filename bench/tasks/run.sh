#!/usr/bin/env bash
# 1,000 concurrent tasks against task-service with mock-llm answering after a fixed latency (default 800 ms).
# Needs the local Postgres and Redis, and built jars:
#   mvn -o -q -pl common-lib,db-migrations,mock-llm install -DskipTests && mvn -o -q -pl task-service package -DskipTests
set -euo pipefail
# the bench mints its tokens once, for longer than the 15 min services accept by default
export BL1NK_IDENTITY_MAXTOKENLIFETIME=3h
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
TASKS=${TASKS:-1000}
LATENCY_MS=${LATENCY_MS:-800}
CONCURRENCY=${CONCURRENCY:-1000}
TASK_PORT=${TASK_PORT:-18081}
LLM_PORT=${LLM_PORT:-18090}
M2="$HOME/.m2/repository/com/bl1nk"
TASK_JAR=${TASK_JAR:-$ROOT/task-service/target/task-service-0.1.0-SNAPSHOT.jar}
MIGRATIONS_JAR=${MIGRATIONS_JAR:-$M2/db-migrations/0.1.0-SNAPSHOT/db-migrations-0.1.0-SNAPSHOT-exec.jar}
MOCK_JAR=${MOCK_JAR:-$M2/mock-llm/0.1.0-SNAPSHOT/mock-llm-0.1.0-SNAPSHOT-exec.jar}
DB="bl1nk_bench_$(date +%s)"
URL="jdbc:postgresql://127.0.0.1:5432/$DB"
PREFIX="bench-$$:"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB" postgres >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
  echo "logs kept in $WORK"
}
trap cleanup EXIT

# workload keys (ES256): task-service signs with task.pem and trusts trusted/; the benchmark signs as the gateway
source "$ROOT/bench/keys.sh"
bench_keys "$ROOT/bench/tasks/target/keys"

echo "migrating $DB"
# --no-roles: the benchmark connects as postgres, so the cluster-wide bl1nk_<workload> roles are left alone
"$JAVA" -jar "$MIGRATIONS_JAR" --create-database --no-roles --url "$URL" --user postgres > "$WORK/migrate.log" 2>&1

echo "mock-llm on $LLM_PORT with ${LATENCY_MS} ms latency"
"$JAVA" -jar "$MOCK_JAR" --port="$LLM_PORT" --latency-ms="$LATENCY_MS" --no-demo-rules > "$WORK/mock-llm.log" 2>&1 &
PIDS+=($!)

echo "task-service on $TASK_PORT (worker concurrency $CONCURRENCY)"
"$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED ${TASK_JVM_OPTS:-} -jar "$TASK_JAR" \
  --server.port="$TASK_PORT" \
  --spring.datasource.url="$URL" --spring.datasource.username=postgres --spring.datasource.password= \
  --spring.datasource.hikari.maximum-pool-size="${DB_POOL:-30}" --spring.datasource.hikari.connection-timeout=120000 \
  --spring.threads.virtual.enabled=true \
  --bl1nk.identity.signing-key-file="$BENCH_KEYS/task.pem" --bl1nk.identity.trusted-keys-dir="$BENCH_KEYS/trusted" \
  --bl1nk.redis.key-prefix="$PREFIX" \
  --bl1nk.task.llm.mode=mock --bl1nk.task.llm.mock-base-url="http://127.0.0.1:$LLM_PORT/v1" --bl1nk.task.clients.billing.enabled=false \
  --bl1nk.task.queue.concurrency="$CONCURRENCY" \
  --logging.level.root=WARN > "$WORK/task-service.log" 2>&1 &
TASK_PID=$!
PIDS+=($TASK_PID)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$TASK_PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$TASK_PORT/actuator/health" >/dev/null || { echo "task-service did not start"; tail -50 "$WORK/task-service.log"; exit 1; }

"$JAVA" "$ROOT/bench/tasks/TaskBench.java" --base="http://127.0.0.1:$TASK_PORT" --keys="$BENCH_KEYS" \
  --tasks="$TASKS" --pid="$TASK_PID" --warmup="${WARMUP:-200}"
