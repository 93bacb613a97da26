#!/usr/bin/env bash
# Reservation benchmark: throwaway database, a fresh billing-service, then ReservationBench.java against it.
# Needs the local Postgres (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379), and built jars:
#   mvn -o -B -pl db-migrations,billing-service package -DskipTests
set -euo pipefail
# the bench mints its tokens once, for longer than the 15 min services accept by default
export BL1NK_IDENTITY_MAXTOKENLIFETIME=3h
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PORT=${BENCH_PORT:-18084}
DB="bl1nk_bench_billing_$$"
PG_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
# workload keys (ES256): billing-service signs with its own and trusts trusted/; the benchmark signs caller tokens with
# gateway.pem and its /internal/** reservation calls with task.pem, the only workload billing admits there
source "$ROOT/bench/keys.sh"
bench_keys "$ROOT/bench/billing/target/keys"
MIGRATIONS=$(ls "$ROOT"/db-migrations/target/db-migrations-*-exec.jar | head -1)
SERVICE=$(ls "$ROOT"/billing-service/target/billing-service-*.jar | grep -v original | head -1)
LOG=$(mktemp -t billing-bench-XXXX.log)

cleanup() {
  if [[ -n "${PID:-}" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  psql -h 127.0.0.1 -U postgres -q -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "migrating throwaway database $DB"
# --no-roles: the benchmark connects as postgres, so the cluster-wide bl1nk_<workload> roles are left alone
"$JAVA" -jar "$MIGRATIONS" --create-database --no-roles --url "$PG_URL" --user postgres >/dev/null

echo "starting billing-service on port $PORT (log: $LOG)"
BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/billing.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$BENCH_KEYS/trusted" \
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$SERVICE" \
  --server.port="$PORT" \
  --spring.datasource.url="$PG_URL" \
  --bl1nk.redis.key-prefix="bench-$$:" \
  --bl1nk.billing.usage.consumer-enabled=false \
  --logging.level.root=WARN >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "billing-service exited; see $LOG"; exit 1; fi
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "billing-service did not become healthy; see $LOG"; exit 1; }

BENCH_URL="http://127.0.0.1:$PORT" BENCH_KEYS="$BENCH_KEYS" "$JAVA" "$ROOT/bench/billing/ReservationBench.java"
