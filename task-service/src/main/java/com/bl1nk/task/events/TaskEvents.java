package com.bl1nk.task.events;

import com.bl1nk.common.stream.StreamFields;
import com.bl1nk.common.stream.StreamPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Appends to and reads from a task's event stream; the only code that knows its key. */
@Component
@EnableConfigurationProperties(TaskEventProperties.class)
public class TaskEvents {

    /** Version of every task event payload. */
    public static final int VERSION = 1;

    private final StreamPublisher publisher;
    private final StringRedisTemplate redis;
    private final TaskEventProperties properties;

    TaskEvents(StreamPublisher publisher, StringRedisTemplate redis, TaskEventProperties properties) {
        this.publisher = publisher;
        this.redis = redis;
        this.properties = properties;
    }

    /** Logical stream name of a task's events. */
    public static String streamOf(UUID taskId) {
        return "bl1nk:task-events:" + taskId;
    }

    /** Appends an event; a terminal one also starts the stream's expiry. Returns the stream id. */
    public String publish(UUID tenantId, UUID taskId, String type, Object payload) {
        String stream = streamOf(taskId);
        String id = publisher.publish(stream, tenantId, type, VERSION, payload, properties.maxLength());
        if (TaskEventType.terminal(type)) {
            redis.expire(publisher.keys().key(stream), properties.retentionAfterEnd());
        }
        return id;
    }

    /** Events strictly after {@code afterId} ({@code null} = from the start), oldest first, at most {@code count}. */
    public List<TaskEvent> readAfter(UUID taskId, String afterId, int count) {
        String key = publisher.keys().key(streamOf(taskId));
        Range<String> range = afterId == null
                ? Range.unbounded()
                : Range.of(Range.Bound.exclusive(afterId), Range.Bound.<String>unbounded());
        List<MapRecord<String, Object, Object>> records =
                redis.opsForStream().range(key, range, Limit.limit().count(count));
        List<TaskEvent> events = new ArrayList<>();
        if (records == null) {
            return events;
        }
        for (MapRecord<String, Object, Object> r : records) {
            Map<Object, Object> v = r.getValue();
            events.add(new TaskEvent(
                    r.getId().getValue(),
                    String.valueOf(v.get(StreamFields.TYPE)),
                    String.valueOf(v.get(StreamFields.PAYLOAD))));
        }
        return events;
    }

    public TaskEventProperties properties() {
        return properties;
    }
}
