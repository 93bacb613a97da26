package com.bl1nk.testsupport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.bl1nk.testsupport.MetricsCatalogue;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert rules, their promtool unit tests, the runbook, the Grafana dashboards and their provisioning: rules and
 * tests pass {@code promtool} (Debian's {@code prometheus} package; {@code ./bl1nk test} installs it as root on
 * Debian), every alert has a runbook entry and a firing test, and every query names only metrics in docs/metrics.md,
 * whose rows the services' {@code MetricsIT}s check against their live registries.
 */
class ObservabilityFilesTests {

    /** Set to {@code true} to skip the promtool checks explicitly on a machine that cannot have promtool. */
    static final String SKIP_ENV = "BL1NK_SKIP_PROMTOOL";

    /** Path of a promtool binary to use instead of the one on {@code PATH}. */
    static final String PROMTOOL_ENV = "BL1NK_PROMTOOL";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RUNBOOK_HEADING = Pattern.compile("(?m)^## (\\S+)\\s*$");

    private static Path root;
    private static Map<String, Map<String, Object>> alerts;

    @BeforeAll
    static void load() throws IOException {
        root = MetricsCatalogue.repositoryRoot();
        alerts = new LinkedHashMap<>();
        for (Object group :
                list(yaml(root.resolve("deploy/prometheus/alerts.yml")).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                Map<String, Object> r = map(rule);
                if (r.containsKey("alert")) {
                    assertThat(alerts.put(String.valueOf(r.get("alert")), r))
                            .as("alert %s is defined once", r.get("alert"))
                            .isNull();
                }
            }
        }
        assertThat(alerts).isNotEmpty();
    }

    @Test
    void promtoolAcceptsTheRulesAndTheConfigAndTheRuleUnitTestsPass() throws Exception {
        Path promtool = requirePromtool(System.getenv());
        Path prometheus = root.resolve("deploy/prometheus");
        run(promtool, prometheus, "check", "rules", "alerts.yml");
        run(promtool, prometheus, "check", "config", "prometheus.yml");
        List<String> tests = new ArrayList<>(List.of("test", "rules"));
        try (Stream<Path> files = Files.list(prometheus.resolve("tests"))) {
            files.filter(f -> f.toString().endsWith(".yml"))
                    .sorted()
                    .forEach(f -> tests.add("tests/" + f.getFileName()));
        }
        assertThat(tests).hasSizeGreaterThan(2);
        run(promtool, prometheus, tests.toArray(String[]::new));
    }

    @Test
    void withoutPromtoolTheCheckFailsSayingHowToInstallItUnlessSkippedOnPurpose() {
        Map<String, String> bare = Map.of("PATH", root.resolve("no-such-dir").toString());
        assertThatThrownBy(() -> requirePromtool(bare))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install --no-install-recommends prometheus")
                .hasMessageContaining(SKIP_ENV + "=true");
        assertThatThrownBy(() -> requirePromtool(Map.of("PATH", "/no-such-dir", SKIP_ENV, "true")))
                .isInstanceOf(TestAbortedException.class);
    }

    /** The promtool to run, or a failure saying how to install it (an explicit opt-out skips instead). */
    static Path requirePromtool(Map<String, String> env) {
        Optional<Path> promtool = promtool(env);
        if (promtool.isPresent()) {
            return promtool.get();
        }
        if ("true".equalsIgnoreCase(env.get(SKIP_ENV))) {
            Assumptions.abort(SKIP_ENV + "=true: the promtool checks of the alert rules were skipped on request");
        }
        throw new AssertionError("promtool is not installed, so the alert rules cannot be checked. Install Debian's"
                + " prometheus package (sudo apt-get install --no-install-recommends prometheus), or run ./bl1nk test"
                + " as root on Debian/Ubuntu, which installs it; or point " + PROMTOOL_ENV + " at a promtool binary."
                + " Set " + SKIP_ENV + "=true to skip these checks explicitly.");
    }

    @Test
    void everyAlertHasAFiringUnitTest() throws IOException {
        Set<String> fired = new TreeSet<>();
        try (Stream<Path> files = Files.list(root.resolve("deploy/prometheus/tests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (Object test : list(yaml(file).get("tests"))) {
                    for (Object check : list(map(test).getOrDefault("alert_rule_test", List.of()))) {
                        Map<String, Object> c = map(check);
                        if (!list(c.getOrDefault("exp_alerts", List.of())).isEmpty()) {
                            fired.add(String.valueOf(c.get("alertname")));
                        }
                    }
                }
            }
        }
        assertThat(fired).as("alerts with a test in which they fire").containsAll(alerts.keySet());
    }

    @Test
    void everyAlertHasASeverityAndLinksItsRunbookEntryWhichSaysWhatItMeansWhatToCheckAndHowToFix() throws IOException {
        String runbook = Files.readString(root.resolve("docs/runbook.md"));
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = RUNBOOK_HEADING.matcher(runbook);
        List<int[]> bounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            bounds.add(new int[] {m.start(), m.end()});
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? bounds.get(i + 1)[0] : runbook.length();
            sections.put(names.get(i), runbook.substring(bounds.get(i)[1], end));
        }
        for (Map.Entry<String, Map<String, Object>> alert : alerts.entrySet()) {
            String name = alert.getKey();
            assertThat(map(alert.getValue().get("labels")))
                    .as("%s severity", name)
                    .containsKey("severity");
            assertThat(sections)
                    .as("docs/runbook.md has a section '## %s'", name)
                    .containsKey(name);
            assertThat(sections.get(name))
                    .as("runbook entry of %s", name)
                    .contains("**What it means.**")
                    .contains("**First checks.**")
                    .contains("**Fixes.**");
            Map<String, Object> annotations = map(alert.getValue().get("annotations"));
            assertThat(annotations).as("%s annotations", name).containsKeys("summary", "description");
            assertThat(annotations.get("runbook"))
                    .as("%s links its runbook entry", name)
                    .isEqualTo("docs/runbook.md#" + name.toLowerCase());
        }
        assertThat(alerts.keySet()).as("runbook entries without an alert").containsAll(sections.keySet());
    }

    @Test
    void alertRulesNameOnlyDocumentedMetrics() {
        Set<String> known = knownSeries();
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        alerts.forEach((name, rule) -> {
            Set<String> used = PromQl.metricNames(String.valueOf(rule.get("expr")));
            assertThat(used).as("%s reads some metric", name).isNotEmpty();
            used.removeAll(known);
            if (!used.isEmpty()) {
                unknown.put(name, used);
            }
        });
        assertThat(unknown)
                .as("metrics the alert rules use that docs/metrics.md does not list")
                .isEmpty();
    }

    @Test
    void dashboardsParseUseTheProvisionedDataSourceAndNameOnlyDocumentedMetrics() throws IOException {
        Set<String> known = knownSeries();
        String dataSource =
                String.valueOf(map(list(yaml(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
                                        .get("datasources"))
                                .getFirst())
                        .get("uid"));
        Set<String> uids = new LinkedHashSet<>();
        Set<String> titles = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(root.resolve("deploy/grafana/dashboards"))) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files.stream().map(f -> f.getFileName().toString()))
                .contains("overview.json", "models.json", "tasks.json", "retrieval.json");
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(Files.readString(file));
            assertThat(uids.add(dashboard.path("uid").asString()))
                    .as("%s uid is unique", file)
                    .isTrue();
            titles.add(dashboard.path("title").asString());
            assertThat(dashboard.path("panels").isEmpty())
                    .as("%s has panels", file)
                    .isFalse();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(panel.path("datasource").path("uid").asString())
                        .as("%s data source", where)
                        .isEqualTo(dataSource);
                assertThat(panel.path("targets").isEmpty())
                        .as("%s has queries", where)
                        .isFalse();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    assertThat(expr).as("%s query", where).isNotBlank();
                    Set<String> used = PromQl.metricNames(expr);
                    assertThat(used).as("%s reads some metric", where).isNotEmpty();
                    used.removeAll(known);
                    if (!used.isEmpty()) {
                        unknown.computeIfAbsent(where, k -> new TreeSet<>()).addAll(used);
                    }
                }
            }
        }
        assertThat(titles).doesNotContainNull();
        assertThat(unknown)
                .as("metrics the dashboards use that docs/metrics.md does not list")
                .isEmpty();
    }

    @Test
    void composeProvisionsGrafanaWithTheDashboardsAndPrometheusWithTheRules() throws IOException {
        Map<String, Object> services =
                map(yaml(root.resolve("docker-compose.yml")).get("services"));
        String prometheus = String.valueOf(map(services.get("prometheus")).get("volumes"));
        assertThat(prometheus).contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        assertThat(list(yaml(root.resolve("deploy/prometheus/prometheus.yml")).get("rule_files")))
                .containsExactly("alerts.yml");

        Map<String, Object> grafana = map(services.get("grafana"));
        String volumes = String.valueOf(grafana.get("volumes"));
        assertThat(volumes)
                .contains("./deploy/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro")
                .contains("./deploy/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro")
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards/bl1nk:ro");
        assertThat(String.valueOf(grafana.get("ports"))).contains("127.0.0.1:3000:3000");
        Map<String, Object> provider = map(list(yaml(root.resolve("deploy/grafana/provisioning/dashboards/bl1nk.yml"))
                        .get("providers"))
                .getFirst());
        assertThat(map(provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards/bl1nk");
        assertThat(String.valueOf(map(list(yaml(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
                                        .get("datasources"))
                                .getFirst())
                        .get("url")))
                .isEqualTo("http://prometheus:9090");
    }

    @Test
    void theMetricNameReaderFindsMetricsButNoFunctionsLabelsKeywordsOrDurations() {
        assertThat(PromQl.metricNames(
                        "sum by (service, le) (rate(http_server_requests_seconds_bucket{le=~\"1(\\\\.0)?\","
                                + " uri!~\".*/events\"}[$__rate_interval])) / ignoring (le) group_left"
                                + " sum(rate(http_server_requests_seconds_count[5m])) > 14.4 * 0.01 and on (service)"
                                + " min_over_time((max by (stream) (bl1nk_stream_pending))[15m:1m]) offset 1h > 1e3"))
                .containsExactly(
                        "bl1nk_stream_pending",
                        "http_server_requests_seconds_bucket",
                        "http_server_requests_seconds_count");
        assertThat(PromQl.metricNames("up == 0")).containsExactly("up");
        assertThat(knownSeries()).doesNotContain("bl1nk_made_up_total").contains("bl1nk_llm_calls_seconds_bucket");
    }

    /** Documented metrics plus the series Prometheus writes itself for alerts. */
    private static Set<String> knownSeries() {
        Set<String> known = new TreeSet<>(MetricsCatalogue.documentedSeries());
        known.add("ALERTS");
        return known;
    }

    private static Optional<Path> promtool(Map<String, String> env) {
        String configured = env.get(PROMTOOL_ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            assertThat(Files.isExecutable(path))
                    .as("%s=%s is executable", PROMTOOL_ENV, configured)
                    .isTrue();
            return Optional.of(path);
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void run(Path promtool, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within 120 s");
        }
        assertThat(process.exitValue())
                .as("promtool %s:\n%s", String.join(" ", args), new String(output, StandardCharsets.UTF_8))
                .isZero();
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
