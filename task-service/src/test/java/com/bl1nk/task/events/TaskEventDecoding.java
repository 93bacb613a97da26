package com.bl1nk.task.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.contracts.taskevent.TaskEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes events as SSE clients receive them into the contract records, strictly: an unknown type, a field the record
 * does not know, or a field the record would not write back is a test failure, so producer and contract cannot drift.
 */
public final class TaskEventDecoding {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private TaskEventDecoding() {}

    /** The record of one event: {@code type} is the SSE {@code event:} name, {@code data} its JSON. */
    public static TaskEvent decode(String type, String data) {
        Class<? extends TaskEvent> recordClass =
                TaskEvent.classOf(type).orElseThrow(() -> new AssertionError("no task event record for type " + type));
        TaskEvent event = STRICT.readValue(data, recordClass);
        assertThat((Object) STRICT.valueToTree(event))
                .as("%s written back from its record", type)
                .isEqualTo(STRICT.readTree(data));
        assertThat(event.type()).isEqualTo(type);
        return event;
    }
}
