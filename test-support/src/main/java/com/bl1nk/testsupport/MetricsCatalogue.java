package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/metrics.md as data, and the check every service's {@code MetricsIT} runs against its live registry: each
 * {@code bl1nk_*} meter is documented with exactly its labels and this service, and each row this service registers at
 * start is really there. The dashboards and alert rules are checked against the same rows.
 */
public final class MetricsCatalogue {

    /** One row of docs/metrics.md. */
    public record Entry(String name, String type, Set<String> labels, Set<String> services, String appears) {

        /** Series names a PromQL expression may use for this metric. */
        public Set<String> seriesNames() {
            Set<String> names = new LinkedHashSet<>();
            names.add(name);
            if (type.equals("histogram")) {
                for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
                    names.add(name + suffix);
                }
            }
            return names;
        }
    }

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|([^|]*)\\|([^|]*)\\|\\s*([a-z]+)\\s*\\|.*$");

    private static final PrometheusNamingConvention NAMING = new PrometheusNamingConvention();

    private MetricsCatalogue() {}

    /** The documented metrics by Prometheus name. */
    public static Map<String, Entry> documented() {
        return parse(read(repositoryRoot().resolve("docs/metrics.md")));
    }

    /** Parses the tables of a metrics doc. */
    public static Map<String, Entry> parse(String doc) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : doc.split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                Entry entry = new Entry(m.group(1), m.group(2), words(m.group(3)), words(m.group(4)), m.group(5));
                assertThat(entries.put(entry.name(), entry))
                        .as("docs/metrics.md lists %s once", entry.name())
                        .isNull();
            }
        }
        return entries;
    }

    /** Every series name the docs allow a query to use. */
    public static Set<String> documentedSeries() {
        Set<String> names = new TreeSet<>();
        documented().values().forEach(e -> names.addAll(e.seriesNames()));
        return names;
    }

    /**
     * The Prometheus name of a meter, as {@code /actuator/prometheus} shows its samples (counters with {@code _total};
     * histograms by their family name).
     */
    public static String prometheusName(Meter meter) {
        Meter.Id id = meter.getId();
        String name = NAMING.name(id.getName(), id.getType(), id.getBaseUnit());
        // the Prometheus client adds _total to counter samples when it writes them
        return id.getType() == Meter.Type.COUNTER && !name.endsWith("_total") ? name + "_total" : name;
    }

    /** Fails unless the live meters of {@code service} and docs/metrics.md agree (see the class comment). */
    public static void assertDocumented(MeterRegistry registry, String service) {
        assertDocumented(registry, service, documented());
    }

    /** {@link #assertDocumented(MeterRegistry, String)} against the given rows. */
    public static void assertDocumented(MeterRegistry registry, String service, Map<String, Entry> documented) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = prometheusName(meter);
            Set<String> labels = new TreeSet<>();
            for (Tag tag : meter.getId().getTags()) {
                labels.add(tag.getKey());
            }
            seen.computeIfAbsent(name, k -> new TreeSet<>()).addAll(labels);
            if (!name.startsWith("bl1nk_")) {
                continue;
            }
            Entry entry = documented.get(name);
            if (entry == null) {
                problems.add(name + " is registered by " + service + " but not documented in docs/metrics.md");
            } else if (!entry.services().contains(service)) {
                problems.add(name + " is registered by " + service + " but docs/metrics.md does not list " + service
                        + " for it");
            } else if (!entry.labels().equals(labels)) {
                problems.add(name + " has labels " + labels + " but docs/metrics.md lists " + entry.labels());
            }
        }
        for (Entry entry : documented.values()) {
            if (entry.services().contains(service)
                    && entry.appears().equals("start")
                    && !seen.containsKey(entry.name())) {
                problems.add(entry.name() + " is documented as registered by " + service + " at start, but it is not");
            }
        }
        assertThat(problems).as("meters of %s against docs/metrics.md", service).isEmpty();
    }

    private static Set<String> words(String cell) {
        Set<String> words = new TreeSet<>();
        Arrays.stream(cell.split(","))
                .map(String::strip)
                .filter(w -> !w.isEmpty())
                .forEach(words::add);
        return words;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root (where the {@code bl1nk} script is). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bl1nk"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the bl1nk repository");
        }
        return dir;
    }
}
