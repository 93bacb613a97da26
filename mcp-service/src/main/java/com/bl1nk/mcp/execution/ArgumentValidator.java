package com.bl1nk.mcp.execution;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.Problems;
import com.bl1nk.mcp.error.McpErrorCode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates call arguments against the tool's JSON Schema before anything is sent. Schemas come from untrusted
 * servers, so remote references are refused and the validator never fetches anything.
 */
@Component
class ArgumentValidator {

    private static final int MAX_ERRORS = 20;
    private static final int MAX_CACHED = 5_000;
    private static final Set<String> KNOWN_DIALECTS = Set.of(
            "https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-04/schema#");

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
            Dialects.getDraft202012(), builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final JsonMapper json;

    ArgumentValidator(JsonMapper json) {
        this.json = json;
    }

    /** Throws 400 {@code invalid_arguments} listing what is wrong, or 422 when the tool's schema is unusable. */
    void validate(String schemaHash, Map<String, Object> schema, Map<String, Object> arguments) {
        Schema compiledSchema = compiled.get(schemaHash);
        if (compiledSchema == null) {
            requireLocal(schema, 0);
            try {
                compiledSchema = registry.getSchema(json.valueToTree(schema));
            } catch (RuntimeException e) {
                throw ApiException.of(McpErrorCode.TOOL_SCHEMA_INVALID, "The tool's input schema cannot be used");
            }
            if (compiled.size() >= MAX_CACHED) {
                compiled.clear();
            }
            compiled.put(schemaHash, compiledSchema);
        }
        JsonNode node = json.valueToTree(arguments);
        List<Error> errors;
        try {
            errors = compiledSchema.validate(node);
        } catch (RuntimeException e) {
            throw ApiException.of(McpErrorCode.TOOL_SCHEMA_INVALID, "The tool's input schema cannot be evaluated");
        }
        if (!errors.isEmpty()) {
            List<Problems.FieldError> fields = new ArrayList<>();
            for (Error error : errors.subList(0, Math.min(MAX_ERRORS, errors.size()))) {
                String location = error.getInstanceLocation() == null
                        ? "$"
                        : error.getInstanceLocation().toString();
                fields.add(
                        new Problems.FieldError("arguments" + location.replaceFirst("^\\$", ""), error.getMessage()));
            }
            throw ApiException.of(McpErrorCode.INVALID_ARGUMENTS, "The arguments do not match the tool's input schema")
                    .withProperty(Problems.ERRORS, fields);
        }
    }

    /** Refuses references and dialects that would make the validator load documents from elsewhere. */
    private static void requireLocal(Object node, int depth) {
        if (depth > 64) {
            throw ApiException.of(McpErrorCode.TOOL_SCHEMA_INVALID, "The tool's input schema is nested too deeply");
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if ((key.equals("$ref") || key.equals("$dynamicRef") || key.equals("$recursiveRef"))
                        && !(e.getValue() instanceof String ref && ref.startsWith("#"))) {
                    throw ApiException.of(
                            McpErrorCode.TOOL_SCHEMA_INVALID, "The tool's input schema refers to a remote document");
                }
                if (key.equals("$schema") && depth == 0 && !KNOWN_DIALECTS.contains(String.valueOf(e.getValue()))) {
                    throw ApiException.of(
                            McpErrorCode.TOOL_SCHEMA_INVALID, "The tool's input schema uses an unknown dialect");
                }
                requireLocal(e.getValue(), depth + 1);
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                requireLocal(item, depth + 1);
            }
        }
    }
}
