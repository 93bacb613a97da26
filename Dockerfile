# syntax=docker/dockerfile:1.7
# One image recipe for every runnable module: docker build --build-arg MODULE=task-service -t bl1nk/task-service .
# MODULE is one of gateway-service, task-service, rag-service, mcp-service, billing-service, mock-llm, db-migrations.

ARG MODULE=gateway-service

# ---- build stage: the full JDK and Maven, never shipped ----
FROM maven:3.9-eclipse-temurin-25 AS build
ARG MODULE
WORKDIR /src
COPY . .
# The reactor builds only MODULE and what it needs; the Maven repository is a build cache, not an image layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${MODULE}" -am package -DskipTests -Dspotless.check.skip=true \
 && mkdir -p /out \
 && jar="$(ls "${MODULE}"/target/"${MODULE}"-*-exec.jar 2>/dev/null || true)" \
 && if [ -z "${jar}" ]; then jar="$(ls "${MODULE}"/target/"${MODULE}"-*.jar | grep -v -e '-plain' -e '-sources' | head -1)"; fi \
 && cp "${jar}" /out/app.jar

# ---- runtime stage: JRE only, unprivileged user ----
FROM eclipse-temurin:25-jre AS runtime
ARG MODULE
ARG PORT=8080
ARG HEALTH_PATH=/actuator/health/readiness
# curl only for the HEALTHCHECK; a fixed numeric uid/gid so Kubernetes can verify runAsNonRoot.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 bl1nk \
 && useradd --system --uid 10001 --gid bl1nk --home-dir /app --no-create-home --shell /usr/sbin/nologin bl1nk \
 && mkdir -p /app /tmp/bl1nk \
 && chown -R 10001:10001 /app /tmp/bl1nk
WORKDIR /app
COPY --from=build --chown=10001:10001 /out/app.jar /app/app.jar
ENV BL1NK_MODULE=${MODULE} \
    SERVER_PORT=${PORT} \
    HEALTH_PATH=${HEALTH_PATH} \
    OPT_OUT_TRACKING=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp/bl1nk --enable-native-access=ALL-UNNAMED"
USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=6 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}${HEALTH_PATH}" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
