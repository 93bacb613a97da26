package com.bl1nk.task.tasks;

import com.bl1nk.common.metrics.MetricsProperties;
import com.bl1nk.common.metrics.SampledValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tasks by state across all tenants (never per tenant): open tasks as gauges counted in Postgres (cheap through the
 * partial index on open tasks, sampled), and tasks that ended as counters by their final state.
 */
@Component
public class TaskMetrics {

    private final Map<TaskStatus, Counter> finished = new EnumMap<>(TaskStatus.class);

    TaskMetrics(MeterRegistry registry, JdbcClient jdbc, MetricsProperties properties) {
        SampledValue<Map<String, Long>> open = new SampledValue<>(
                "open tasks",
                () -> {
                    Map<String, Long> counts = new HashMap<>();
                    jdbc.sql("select status, count(*) from task.tasks where status in ('queued', 'running')"
                                    + " group by status")
                            .query(rs -> {
                                counts.put(rs.getString(1), rs.getLong(2));
                            });
                    return counts;
                },
                properties.sampleInterval(),
                Map.of());
        for (TaskStatus status : TaskStatus.values()) {
            if (status.terminal()) {
                finished.put(
                        status,
                        Counter.builder("bl1nk.tasks.finished")
                                .description("Tasks that reached a final state")
                                .tag("state", status.wire())
                                .register(registry));
            } else {
                Gauge.builder("bl1nk.tasks.open", open, o -> o.get().getOrDefault(status.wire(), 0L))
                        .description("Tasks queued or running now")
                        .tag("state", status.wire())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }

    /** Counts {@code n} tasks that just reached the final state {@code status}. */
    void finished(TaskStatus status, int n) {
        Counter counter = finished.get(status);
        if (counter != null && n > 0) {
            counter.increment(n);
        }
    }
}
