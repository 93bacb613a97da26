package com.bl1nk.mockllm;

import java.util.Objects;

/**
 * A scripted function call the mock answers with, so agent loops can be driven through tool use.
 *
 * @param id the call id to return, or null to generate one ({@code call_...}) per response
 * @param name the function name
 * @param arguments the arguments as a JSON text, exactly as it is returned (and streamed in fragments)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool call name must not be blank");
        }
        arguments = arguments == null ? "{}" : arguments;
    }

    /** A call with a generated id. */
    public static ToolCall of(String name, String argumentsJson) {
        return new ToolCall(null, name, argumentsJson);
    }
}
