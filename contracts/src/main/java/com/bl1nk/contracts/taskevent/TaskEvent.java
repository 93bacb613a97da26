package com.bl1nk.contracts.taskevent;

import java.util.List;
import java.util.Optional;

/**
 * One event of a task's stream; the record is the JSON payload and {@link #type()} the SSE {@code event:} name, so a
 * client sees the same names and fields whichever side produced the event.
 */
public sealed interface TaskEvent
        permits TaskQueued,
                TaskStarted,
                ChunksRetrieved,
                ModelDeltaStreamed,
                ToolCalled,
                ToolCallCompleted,
                ChildTasksDelegated,
                ChildTaskCompleted,
                TaskEnded {

    /** Version of every task event payload; bumped only with an incompatible change. */
    int VERSION = 1;

    /** Every event type, in the order a task's stream can carry them. */
    List<Type> TYPES = List.of(
            new Type(TaskQueued.TYPE, TaskQueued.class),
            new Type(TaskStarted.TYPE, TaskStarted.class),
            new Type(ChunksRetrieved.TYPE, ChunksRetrieved.class),
            new Type(ModelDeltaStreamed.TYPE, ModelDeltaStreamed.class),
            new Type(ToolCalled.TYPE, ToolCalled.class),
            new Type(ToolCallCompleted.TYPE, ToolCallCompleted.class),
            new Type(ChildTasksDelegated.TYPE, ChildTasksDelegated.class),
            new Type(ChildTaskCompleted.TYPE, ChildTaskCompleted.class),
            new Type(TaskCompleted.TYPE, TaskCompleted.class),
            new Type(TaskFailed.TYPE, TaskFailed.class),
            new Type(TaskCancelled.TYPE, TaskCancelled.class),
            new Type(TaskTimedOut.TYPE, TaskTimedOut.class));

    /** The wire name of this event ({@code event:} on SSE, {@code type} on the stream entry). */
    String type();

    /** The record class of a wire name, if it is one. */
    static Optional<Class<? extends TaskEvent>> classOf(String type) {
        return Optional.ofNullable(TypeIndex.BY_NAME.get(type)).map(Type::recordClass);
    }

    /** Whether an event of this wire name is the last a task's stream carries. */
    static boolean terminal(String type) {
        return classOf(type).filter(TaskEnded.class::isAssignableFrom).isPresent();
    }

    /**
     * A wire name with its record.
     *
     * @param name the {@code event:} name clients see
     * @param recordClass the payload record
     */
    record Type(String name, Class<? extends TaskEvent> recordClass) {}
}
