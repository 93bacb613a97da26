package com.bl1nk.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.contracts.billing.ReservationCreated;
import com.bl1nk.contracts.billing.ReservationResponse;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import com.bl1nk.contracts.mcp.InternalToolCallRequest;
import com.bl1nk.contracts.mcp.ToolCallResponse;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import com.bl1nk.contracts.task.CreateTaskRequest;
import com.bl1nk.contracts.task.TaskResponse;
import com.bl1nk.contracts.tasks.TaskQueued;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every message has a committed full example that round-trips through its record unchanged, tolerates fields it does
 * not know (a newer producer) and, for stream messages, refuses to decode without a required field.
 */
class ContractExamplesTests {

    /** Jackson's defaults, stricter than any service's mapper: unknown properties fail unless the record allows them. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode example(Class<?> type) {
        return JSON.readTree(ContractExamples.json(type));
    }

    static Stream<Class<? extends Record>> contracts() {
        return Stream.of(
                ModelCallMetered.class,
                AuditRecorded.class,
                TaskQueued.class,
                DocumentIngestRequested.class,
                ReserveRequest.class,
                ReservationCreated.class,
                SettleRequest.class,
                ReservationResponse.class,
                PriceEntry.class,
                InternalToolCallRequest.class,
                ToolCallResponse.class,
                QueryRequest.class,
                QueryResponse.class,
                CreateTaskRequest.class,
                TaskResponse.class);
    }

    static Stream<Class<? extends Record>> streamContracts() {
        return contracts().filter(type -> type.isAnnotationPresent(StreamContract.class));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void theExampleRoundTripsThroughTheRecordUnchanged(Class<? extends Record> type) {
        JsonNode example = example(type);
        Record decoded = JSON.treeToValue(example, type);

        JsonNode written = JSON.readTree(JSON.writeValueAsString(decoded));

        assertThat(written).isEqualTo(example);
        assertThat(JSON.treeToValue(written, type)).isEqualTo(decoded);
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void theExampleSetsEveryFieldOfTheRecord(Class<? extends Record> type) {
        JsonNode example = example(type);

        assertThat(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName))
                .allSatisfy(name -> assertThat(example.has(name))
                        .as("%s example sets %s", type.getSimpleName(), name)
                        .isTrue());
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void aFieldTheRecordDoesNotKnowIsIgnored(Class<? extends Record> type) {
        ObjectNode newer = (ObjectNode) example(type);
        Record known = JSON.treeToValue(newer, type);
        newer.put("addedInALaterVersion", "ignored by older readers");

        assertThat(JSON.treeToValue(newer, type)).isEqualTo(known);
    }

    @ParameterizedTest
    @MethodSource("streamContracts")
    void aStreamMessageWithoutARequiredFieldDoesNotDecode(Class<? extends Record> type) {
        List<String> required = Arrays.stream(type.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(JsonProperty.class)
                        && f.getAnnotation(JsonProperty.class).required())
                .map(Field::getName)
                .toList();
        assertThat(required)
                .as("%s names its required fields", type.getSimpleName())
                .isNotEmpty();
        for (String field : required) {
            ObjectNode incomplete = (ObjectNode) example(type);
            incomplete.remove(field);

            assertThatThrownBy(() -> JSON.treeToValue(incomplete, type))
                    .as("%s without %s", type.getSimpleName(), field)
                    .hasMessageContaining(field);
        }
    }

    @ParameterizedTest
    @MethodSource("streamContracts")
    void aStreamMessageNamesItsStreamTypeAndVersion(Class<? extends Record> type) {
        StreamContract contract = type.getAnnotation(StreamContract.class);

        assertThat(contract.stream()).startsWith("bl1nk:");
        assertThat(contract.type()).isEqualTo(type.getSimpleName());
        assertThat(contract.version()).isPositive();
    }

    @Test
    void aQueryWithoutTextOrWithTooManyResultsIsInvalid() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            QueryRequest example = JSON.treeToValue(example(QueryRequest.class), QueryRequest.class);

            assertThat(validator.validate(example)).isEmpty();
            assertThat(validator.validate(new QueryRequest(" ", null, 5, null, null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("query");
            assertThat(validator.validate(new QueryRequest("q", "fuzzy", 51, null, null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactlyInAnyOrder("mode", "topK");
        }
    }

    @Test
    void aTaskWithoutAgentOrInputIsInvalid() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();

            assertThat(validator.validate(JSON.treeToValue(example(CreateTaskRequest.class), CreateTaskRequest.class)))
                    .isEmpty();
            assertThat(validator.validate(new CreateTaskRequest(null, " ")))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactlyInAnyOrder("agentId", "input");
        }
    }

    @Test
    void anInternalToolCallWithAnUnsafeAgentIdIsInvalid() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();

            assertThat(validator.validate(new InternalToolCallRequest(null, 0, "agent id; drop", null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactlyInAnyOrder("timeoutMs", "agentId");
        }
    }
}
