package com.bl1nk.contracts.taskevent;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Wire names to types, apart from {@link TaskEvent} so it is built after the interface's own list. */
final class TypeIndex {

    static final Map<String, TaskEvent.Type> BY_NAME =
            TaskEvent.TYPES.stream().collect(Collectors.toUnmodifiableMap(TaskEvent.Type::name, Function.identity()));

    private TypeIndex() {}
}
