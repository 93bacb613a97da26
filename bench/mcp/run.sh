#!/usr/bin/env bash
# Tool-call overhead benchmark of mcp-service (see README.md). Starts its own reference MCP server and mcp-service
# on spare ports against a throwaway database, runs McpOverheadBench, and stops what it started.
set -euo pipefail
# the bench mints its tokens once, for longer than the 15 min services accept by default
export BL1NK_IDENTITY_MAXTOKENLIFETIME=3h
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
CALLS=${CALLS:-2000}
MCP_PORT=${MCP_PORT:-18383}
REF_PORT=${REF_PORT:-18391}
DB=${BENCH_DB:-bl1nk_bench_mcp}
PG_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
WORK="$ROOT/bench/mcp/target"
mkdir -p "$WORK/npm"
# workload keys (ES256): mcp-service signs with mcp.pem and trusts trusted/; the benchmark signs as the gateway
source "$ROOT/bench/keys.sh"
bench_keys "$WORK/keys"

MCP_JAR=$(ls mcp-service/target/mcp-service-*.jar | grep -v original | head -1)
MIG_JAR=$(ls db-migrations/target/db-migrations-*-exec.jar | head -1)
[ -f "$MCP_JAR" ] && [ -f "$MIG_JAR" ] || { echo "build first: mvn -o -B -pl db-migrations,mcp-service package -DskipTests"; exit 1; }

# pinned reference packages (same versions as mcp-service's interop tests)
if [ ! -f "$WORK/npm/node_modules/@modelcontextprotocol/server-everything/package.json" ]; then
  (cd "$WORK/npm" && echo '{"name":"bench","private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts @modelcontextprotocol/server-everything@2026.8.31 >/dev/null)
fi

# --no-roles: the benchmark connects as postgres, so the cluster-wide bl1nk_<workload> roles are left alone
"$JAVA" -jar "$MIG_JAR" --create-database --no-roles --url "$PG_URL" >"$WORK/migrate.log" 2>&1

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

PORT=$REF_PORT node "$WORK/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp \
  >"$WORK/reference.log" 2>&1 &
pids+=($!)

SPRING_DATASOURCE_URL="$PG_URL" \
  BL1NK_IDENTITY_SIGNING_KEY_FILE="$BENCH_KEYS/mcp.pem" BL1NK_IDENTITY_TRUSTED_KEYS_DIR="$BENCH_KEYS/trusted" \
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$MCP_JAR" --server.port=$MCP_PORT \
  --bl1nk.net.allowed-hosts[0]=127.0.0.5 --bl1nk.mcp.registry.refresh-interval=0s \
  --bl1nk.logging.structured=false --logging.level.root=WARN >"$WORK/mcp-service.log" 2>&1 &
pids+=($!)

for i in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$MCP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "${pids[1]}" 2>/dev/null || { echo "mcp-service exited; see $WORK/mcp-service.log"; exit 1; }
  sleep 0.5
done

# the benchmark's classpath: the libraries inside the mcp-service jar just started (common-lib's token codec, MCP SDK),
# so it needs no Maven and always matches the service
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
(cd "$WORK/lib" && "$JAVA_HOME/bin/jar" xf "$ROOT/$MCP_JAR" BOOT-INF/lib)
CP=$(find "$WORK/lib/BOOT-INF/lib" -name '*.jar' | sort | tr '\n' ':')
"$JAVA" -cp "$CP" bench/mcp/McpOverheadBench.java \
  "http://127.0.0.1:$MCP_PORT" "http://127.0.0.5:$REF_PORT/mcp" "$BENCH_KEYS/gateway.pem" "$CALLS"
