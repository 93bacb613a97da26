#!/usr/bin/env bash
# CPU cost of minting and verifying one ES256 identity token (common-lib), on one core.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -d "$ROOT/common-lib/target/classes" ] || (cd "$ROOT" && mvn -q -B -pl common-lib -DskipTests package)
NIMBUS=$(find "${HOME}/.m2/repository/com/nimbusds/nimbus-jose-jwt" -name 'nimbus-jose-jwt-*.jar' ! -name '*sources*' | sort | tail -1)
SLF4J=$(find "${HOME}/.m2/repository/org/slf4j/slf4j-api" -name 'slf4j-api-*.jar' ! -name '*sources*' | sort | tail -1)
SPRING=""
for m in spring-core spring-web spring-beans; do
  SPRING="$SPRING:$(find "${HOME}/.m2/repository/org/springframework/$m" -name "$m-7*.jar" ! -name '*sources*' | sort | tail -1)"
done
"$JAVA" -XX:ActiveProcessorCount=1 -cp "$ROOT/common-lib/target/classes:$NIMBUS:$SLF4J$SPRING" \
  "$ROOT/bench/identity/TokenBench.java" "${1:-20000}"
