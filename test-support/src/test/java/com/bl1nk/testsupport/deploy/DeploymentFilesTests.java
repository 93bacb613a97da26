package com.bl1nk.testsupport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * Static checks of docker-compose.yml, the Dockerfile, Prometheus' config and the CI workflow, because no Docker engine
 * runs where we develop: they must keep matching the modules and their ports.
 */
class DeploymentFilesTests {

    /** Ports from docs/dev/CONTRACTS.md; a new service module must be added here and to the compose file. */
    private static final Map<String, Integer> PORTS = Map.of(
            "gateway-service", 8080,
            "task-service", 8081,
            "rag-service", 8082,
            "mcp-service", 8083,
            "billing-service", 8084,
            "mock-llm", 8090);

    private static final Pattern PLACEHOLDER_WITH_DEFAULT = Pattern.compile("^\\$\\{.*:(\\d+)}+$");

    private static Path root;
    private static List<String> serviceModules;
    private static Map<String, Object> composeServices;

    @BeforeAll
    static void load() throws Exception {
        root = findRepositoryRoot();
        serviceModules = new ArrayList<>();
        for (String module : reactorModules(root.resolve("pom.xml"))) {
            if (module.endsWith("-service") || module.equals("mock-llm")) {
                serviceModules.add(module);
            }
        }
        composeServices = map(yaml(root.resolve("docker-compose.yml")).get("services"), "services");
    }

    @Test
    void everyServiceModuleHasAComposeServiceWithItsPortHealthcheckAndBuildArg() {
        assertThat(serviceModules).as("service modules of the root pom").isNotEmpty();
        for (String module : serviceModules) {
            Integer port = PORTS.get(module);
            assertThat(port)
                    .as("%s is a new service module: give it a port in CONTRACTS.md and this test", module)
                    .isNotNull();
            Map<String, Object> service = composeService(module);

            assertThat(containerPorts(service))
                    .as("%s publishes its port", module)
                    .contains(port);

            Map<String, Object> healthcheck = map(service.get("healthcheck"), module + ".healthcheck");
            assertThat(healthcheck.get("disable"))
                    .as("%s healthcheck enabled", module)
                    .isNotEqualTo(true);
            String healthPath = switch (module) {
                case "mock-llm" -> "/_mock/health";
                case "gateway-service" -> "/readyz"; // its actuator is on the unpublished management port
                default -> "/actuator/health/readiness";
            };
            assertThat(commandText(healthcheck.get("test")))
                    .as("%s healthcheck", module)
                    .contains(":" + port + healthPath);

            Map<String, Object> build = map(service.get("build"), module + ".build");
            String dockerfile = String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"));
            String context = String.valueOf(build.getOrDefault("context", "."));
            assertThat(root.resolve(context).resolve(dockerfile).normalize())
                    .as("%s Dockerfile", module)
                    .isRegularFile();
            assertThat(map(build.get("args"), module + ".build.args"))
                    .as("%s build args", module)
                    .containsEntry("MODULE", module);

            if (!module.equals("mock-llm")) {
                assertThat(String.valueOf(map(service.get("environment"), module + ".environment")
                                .get("SERVER_PORT")))
                        .as("%s SERVER_PORT", module)
                        .isEqualTo(String.valueOf(port));
            }
        }
    }

    @Test
    void serverPortOfEachServiceMatchesTheComposeFile() throws IOException {
        for (String module : serviceModules) {
            Path applicationYml = root.resolve(module).resolve("src/main/resources/application.yml");
            if (!Files.exists(applicationYml)) {
                continue; // not written yet; checked as soon as it exists
            }
            Integer declared = declaredServerPort(applicationYml);
            int effective = declared == null ? 8080 : declared;
            assertThat(containerPorts(composeService(module)))
                    .as("%s: server.port in %s is %d", module, root.relativize(applicationYml), effective)
                    .contains(effective);
            assertThat(effective).as("%s port from CONTRACTS.md", module).isEqualTo(PORTS.get(module));
        }
    }

    @Test
    void servicesWaitForHealthyInfrastructureAndTheMigrationJob() {
        assertThat(String.valueOf(composeService("postgres").get("image"))).startsWith("pgvector/pgvector:");
        assertThat(String.valueOf(composeService("redis").get("image"))).startsWith("redis:7");
        Map<String, Object> migrations = composeService("migrations");
        assertThat(map(map(migrations.get("build"), "migrations.build").get("args"), "migrations.build.args"))
                .containsEntry("MODULE", "db-migrations");
        assertThat(condition(migrations, "postgres")).isEqualTo("service_healthy");

        for (String module : serviceModules) {
            Map<String, Object> service = composeService(module);
            Map<String, Object> dependsOn = map(service.getOrDefault("depends_on", Map.of()), module + ".depends_on");
            for (String dependency : dependsOn.keySet()) {
                assertThat(composeServices)
                        .as("%s depends on a defined service", module)
                        .containsKey(dependency);
            }
            if (module.equals("mock-llm")) {
                continue;
            }
            assertThat(condition(service, "postgres")).as(module).isEqualTo("service_healthy");
            assertThat(condition(service, "redis")).as(module).isEqualTo("service_healthy");
            assertThat(condition(service, "migrations")).as(module).isEqualTo("service_completed_successfully");
            Map<String, Object> environment = map(service.get("environment"), module + ".environment");
            assertThat(environment)
                    .as("%s environment", module)
                    .containsKeys(
                            "SPRING_DATASOURCE_URL",
                            "SPRING_DATASOURCE_USERNAME",
                            "SPRING_DATASOURCE_PASSWORD",
                            "SPRING_DATA_REDIS_HOST",
                            "SPRING_DATA_REDIS_PORT",
                            "BL1NK_IDENTITY_SIGNING_KEY_FILE",
                            "BL1NK_IDENTITY_TRUSTED_KEYS_DIR",
                            "BL1NK_MASTER_KEY");
            String workload = module.substring(0, module.indexOf("-service"));
            assertThat(environment.get("SPRING_DATASOURCE_USERNAME"))
                    .as("%s connects as its own role", module)
                    .isEqualTo("bl1nk_" + workload);
            assertThat(environment.get("SPRING_DATA_REDIS_USERNAME"))
                    .as("%s connects to Redis as its own ACL user", module)
                    .isEqualTo("bl1nk_" + workload);
            assertThat(commandText(service.get("volumes")))
                    .as("%s mounts only its own private key", module)
                    .contains("./.bl1nk/keys/" + workload + ".pem:")
                    .contains("./.bl1nk/keys/trusted:");
        }
        Map<String, Object> gatewayEnv = map(composeService("gateway-service").get("environment"), "gateway env");
        for (String downstream : List.of("task", "rag", "mcp", "billing")) {
            assertThat(String.valueOf(gatewayEnv.get("BL1NK_GATEWAY_ROUTES_" + downstream.toUpperCase())))
                    .isEqualTo("http://" + downstream + "-service:" + PORTS.get(downstream + "-service"));
        }
    }

    @Test
    void prometheusScrapesEverySpringService() throws IOException {
        Map<String, Object> prometheus = composeService("prometheus");
        assertThat(commandText(prometheus.get("volumes"))).contains("./deploy/prometheus/prometheus.yml:");
        Map<String, Object> config = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        Map<String, String> metricsPathByTarget = new LinkedHashMap<>();
        for (Object job : list(config.get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> scrape = map(job, "scrape config");
            String metricsPath = String.valueOf(scrape.getOrDefault("metrics_path", "/metrics"));
            for (Object staticConfig : list(scrape.getOrDefault("static_configs", List.of()), "static_configs")) {
                for (Object target : list(map(staticConfig, "static config").get("targets"), "targets")) {
                    metricsPathByTarget.put(String.valueOf(target), metricsPath);
                }
            }
        }
        for (String module : serviceModules) {
            if (module.endsWith("-service")) {
                // the gateway's metrics are on its management port, never on the public one
                int port = module.equals("gateway-service") ? 8180 : PORTS.get(module);
                assertThat(metricsPathByTarget)
                        .as("prometheus target of %s", module)
                        .containsEntry(module + ":" + port, "/actuator/prometheus")
                        .doesNotContainKey(module.equals("gateway-service") ? "gateway-service:8080" : "none");
            }
        }
    }

    @Test
    void ciWorkflowRunsBl1nkTestWithPostgresAndRedisServices() throws IOException {
        Map<String, Object> workflow = yaml(root.resolve(".github/workflows/ci.yml"));
        Map<String, Object> jobs = map(workflow.get("jobs"), "jobs");
        Map<String, Object> job = null;
        for (Object candidate : jobs.values()) {
            Map<String, Object> j = map(candidate, "job");
            for (Object step : list(j.get("steps"), "steps")) {
                Object run = map(step, "step").get("run");
                if (run != null
                        && String.valueOf(run).lines().anyMatch(l -> l.trim().equals("./bl1nk test"))) {
                    job = j;
                }
            }
        }
        if (job == null) {
            fail("no job in ci.yml runs `./bl1nk test`");
            return;
        }
        assertThat(String.valueOf(job.get("runs-on"))).startsWith("ubuntu");
        Map<String, Object> services = map(job.get("services"), "job services");
        List<String> images = new ArrayList<>();
        for (Object service : services.values()) {
            images.add(String.valueOf(map(service, "service").get("image")));
        }
        assertThat(images).anyMatch(image -> image.startsWith("pgvector/pgvector:"));
        assertThat(images).anyMatch(image -> image.startsWith("redis:"));

        Map<String, Object> env = new LinkedHashMap<>();
        env.putAll(map(workflow.getOrDefault("env", Map.of()), "workflow env"));
        env.putAll(map(job.getOrDefault("env", Map.of()), "job env"));
        assertThat(String.valueOf(env.get("BL1NK_PG_URL")))
                .startsWith("postgres://")
                .contains("@127.0.0.1:5432/");
        assertThat(String.valueOf(env.get("BL1NK_REDIS_URL"))).isEqualTo("redis://127.0.0.1:6379");

        Map<String, Object> setupJava = null;
        for (Object step : list(job.get("steps"), "steps")) {
            Map<String, Object> s = map(step, "step");
            if (String.valueOf(s.get("uses")).startsWith("actions/setup-java@")) {
                setupJava = map(s.get("with"), "setup-java with");
            }
        }
        assertThat(setupJava).as("actions/setup-java step").isNotNull();
        assertThat(String.valueOf(setupJava.get("java-version"))).isEqualTo("25");
        assertThat(String.valueOf(setupJava.get("cache"))).isEqualTo("maven");
    }

    @Test
    void dockerfileIsMultiStageWithAJreRuntimeThatRunsAsNonRoot() throws IOException {
        List<String> instructions = dockerInstructions(root.resolve("Dockerfile"));
        List<Integer> stageStarts = new ArrayList<>();
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                stageStarts.add(i);
            }
        }
        assertThat(stageStarts).as("FROM instructions").hasSizeGreaterThanOrEqualTo(2);
        assertThat(instructions).anyMatch(i -> i.matches("(?i)ARG\\s+MODULE(=.*)?"));
        List<String> finalStage = instructions.subList(stageStarts.getLast(), instructions.size());
        assertThat(finalStage.getFirst())
                .containsIgnoringCase("eclipse-temurin:25")
                .containsIgnoringCase("jre");
        assertThat(finalStage).anyMatch(i -> keyword(i).equals("COPY") && i.contains("--from="));
        assertThat(finalStage).anyMatch(i -> keyword(i).equals("HEALTHCHECK"));
        String user = null;
        for (String instruction : finalStage) {
            if (keyword(instruction).equals("USER")) {
                user = instruction.substring(4).trim();
            }
        }
        assertThat(user).as("USER in the runtime stage").isNotNull();
        String uid = user.split(":")[0];
        assertThat(uid).isNotIn("root", "0");

        String dockerignore = Files.readString(root.resolve(".dockerignore"));
        assertThat(dockerignore.lines().map(String::trim)).contains(".git", "**/target");
    }

    // ---- helpers ----

    private static Path findRepositoryRoot() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(pom) && Files.readString(pom).contains("<modules>")) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no reactor pom.xml above " + System.getProperty("user.dir"));
    }

    private static List<String> reactorModules(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        List<String> modules = new ArrayList<>();
        NodeList nodes = project.getElementsByTagName("module");
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        return modules;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        assertThat(file).as("deployment file").isRegularFile();
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader), file.getFileName().toString());
        }
    }

    private static Map<String, Object> composeService(String name) {
        assertThat(composeServices).as("compose services").containsKey(name);
        return map(composeServices.get(name), "services." + name);
    }

    private static String condition(Map<String, Object> service, String dependency) {
        Map<String, Object> dependsOn = map(service.getOrDefault("depends_on", Map.of()), "depends_on");
        assertThat(dependsOn).containsKey(dependency);
        return String.valueOf(
                map(dependsOn.get(dependency), "depends_on." + dependency).get("condition"));
    }

    /** Container ports of a compose service's {@code ports} ("8080:8080", "127.0.0.1:8084:8084", 8090). */
    private static List<Integer> containerPorts(Map<String, Object> service) {
        List<Integer> ports = new ArrayList<>();
        for (Object entry : list(service.getOrDefault("ports", List.of()), "ports")) {
            String text = String.valueOf(entry);
            if (entry instanceof Map<?, ?> longSyntax) {
                text = String.valueOf(longSyntax.get("target"));
            }
            String container = text.substring(text.lastIndexOf(':') + 1).replaceAll("/(tcp|udp)$", "");
            ports.add(Integer.parseInt(container));
        }
        return ports;
    }

    /** The port in {@code server.port}: a number or a (nested) placeholder ending in a default; null when unset. */
    private static Integer declaredServerPort(Path applicationYml) throws IOException {
        try (Reader reader = Files.newBufferedReader(applicationYml)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (!(document instanceof Map<?, ?> doc) || hasProfileCondition(doc)) {
                    continue;
                }
                Object server = doc.get("server");
                Object port = server instanceof Map<?, ?> s ? s.get("port") : doc.get("server.port");
                if (port == null) {
                    continue;
                }
                String text = String.valueOf(port).trim();
                if (text.matches("\\d+")) {
                    return Integer.parseInt(text);
                }
                Matcher placeholder = PLACEHOLDER_WITH_DEFAULT.matcher(text);
                if (placeholder.matches()) {
                    return Integer.parseInt(placeholder.group(1));
                }
                fail(applicationYml + ": server.port '" + text + "' has no default port");
            }
        }
        return null;
    }

    private static boolean hasProfileCondition(Map<?, ?> document) {
        return document.get("spring") instanceof Map<?, ?> spring
                && spring.get("config") instanceof Map<?, ?> config
                && config.get("activate") != null;
    }

    private static String commandText(Object value) {
        if (value instanceof List<?> items) {
            return String.join(" ", items.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** Dockerfile instructions with line continuations joined and comments dropped. */
    private static List<String> dockerInstructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.trim();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().trim());
            current.setLength(0);
        }
        return instructions;
    }

    private static String keyword(String instruction) {
        int space = instruction.indexOf(' ');
        return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            fail(what + " is not a YAML mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String what) {
        if (!(value instanceof List<?> items)) {
            fail(what + " is not a YAML list: " + value);
            return List.of();
        }
        return items;
    }
}
