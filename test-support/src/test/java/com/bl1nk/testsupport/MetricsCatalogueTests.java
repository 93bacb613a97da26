package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsCatalogueTests {

    private static final Map<String, MetricsCatalogue.Entry> DOC = MetricsCatalogue.parse("""
            | name | type | labels | services | appears | meaning |
            |---|---|---|---|---|---|
            | `bl1nk_jobs_total` | counter | state | task-service | start | Jobs |
            | `bl1nk_job_seconds` | histogram | mode, outcome | task-service, rag-service | use | Job latency |
            | `bl1nk_queue_depth` | gauge | | task-service | start | Depth |
            """);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void readsTheRowsOfTheDocWithTheirSeries() {
        assertThat(DOC).containsOnlyKeys("bl1nk_jobs_total", "bl1nk_job_seconds", "bl1nk_queue_depth");
        assertThat(DOC.get("bl1nk_job_seconds").labels()).containsExactly("mode", "outcome");
        assertThat(DOC.get("bl1nk_job_seconds").seriesNames())
                .contains("bl1nk_job_seconds_bucket", "bl1nk_job_seconds_count");
        assertThat(MetricsCatalogue.documented()).containsKey("bl1nk_llm_calls_seconds");
    }

    @Test
    void namesMetersAsPrometheusShowsThem() {
        assertThat(MetricsCatalogue.prometheusName(Counter.builder("bl1nk.jobs").register(registry)))
                .isEqualTo("bl1nk_jobs_total");
        assertThat(MetricsCatalogue.prometheusName(Timer.builder("bl1nk.job").register(registry)))
                .isEqualTo("bl1nk_job_seconds");
        assertThat(MetricsCatalogue.prometheusName(
                        Counter.builder("bl1nk.llm.cost").baseUnit("usd").register(registry)))
                .isEqualTo("bl1nk_llm_cost_usd_total");
        assertThat(MetricsCatalogue.prometheusName(TimeGauge.builder("bl1nk.key.expiry", this, TimeUnit.SECONDS, x -> 1)
                        .register(registry)))
                .isEqualTo("bl1nk_key_expiry_seconds");
    }

    @Test
    void passesWhenTheRegistryMatchesTheDoc() {
        Counter.builder("bl1nk.jobs").tag("state", "done").register(registry);
        Gauge.builder("bl1nk.queue.depth", () -> 1).register(registry);
        Timer.builder("bl1nk.job").tag("mode", "a").tag("outcome", "ok").register(registry);

        MetricsCatalogue.assertDocumented(registry, "task-service", DOC);
    }

    @Test
    void findsAnUndocumentedMeterWrongLabelsAnotherServiceAndAMissingStartMeter() {
        Counter.builder("bl1nk.jobs").tag("state", "done").tag("tenant", "t1").register(registry);
        Counter.builder("bl1nk.secret.sauce").register(registry);

        assertThatThrownBy(() -> MetricsCatalogue.assertDocumented(registry, "task-service", DOC))
                .hasMessageContaining("bl1nk_secret_sauce_total is registered by task-service but not documented")
                .hasMessageContaining("bl1nk_jobs_total has labels [state, tenant]")
                .hasMessageContaining("bl1nk_queue_depth is documented as registered by task-service at start");
        assertThatThrownBy(() -> MetricsCatalogue.assertDocumented(registry, "billing-service", DOC))
                .hasMessageContaining("docs/metrics.md does not list billing-service");
    }
}
