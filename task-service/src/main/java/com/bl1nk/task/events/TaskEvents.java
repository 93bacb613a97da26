package com.bl1nk.task.events;

import com.bl1nk.common.stream.StreamFields;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.taskevent.TaskEvent;
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
    public String publish(UUID tenantId, UUID taskId, TaskEvent event) {
        String stream = streamOf(taskId);
        String id = publisher.publish(stream, tenantId, event.type(), TaskEvent.VERSION, event, properties.maxLength());
        if (TaskEvent.terminal(event.type())) {
            redis.expire(publisher.keys().key(stream), properties.retentionAfterEnd());
        }
        return id;
    }

    /** Events strictly after {@code afterId} ({@code null} = from the start), oldest first, at most {@code count}. */
    public List<StoredTaskEvent> readAfter(UUID taskId, String afterId, int count) {
        String key = publisher.keys().key(streamOf(taskId));
        Range<String> range = afterId == null
                ? Range.unbounded()
                : Range.of(Range.Bound.exclusive(afterId), Range.Bound.<String>unbounded());
        List<MapRecord<String, Object, Object>> records =
                redis.opsForStream().range(key, range, Limit.limit().count(count));
        List<StoredTaskEvent> events = new ArrayList<>();
        if (records == null) {
            return events;
        }
        for (MapRecord<String, Object, Object> r : records) {
            Map<Object, Object> v = r.getValue();
            events.add(new StoredTaskEvent(
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
