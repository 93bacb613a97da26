package com.bl1nk.task.llm.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between OpenAI's chat shape and Bedrock's Converse shape (messages, system prompts, tools and tool
 * results, inference settings, stop reasons, usage), so Bedrock models look like any other provider to callers.
 */
final class BedrockTranslation {

    private final JsonMapper json;

    BedrockTranslation(JsonMapper json) {
        this.json = json;
    }

    /** The parts of a Converse request built from an OpenAI request. */
    record ConverseParts(
            List<Message> messages,
            List<SystemContentBlock> system,
            InferenceConfiguration inference,
            ToolConfiguration tools) {}

    ConverseParts toConverse(ObjectNode request) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        ConversationRole pendingRole = null;
        List<ContentBlock> pending = new ArrayList<>();
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asString("");
            if (role.equals("system") || role.equals("developer")) {
                String text = text(m.get("content"));
                if (!text.isEmpty()) {
                    system.add(SystemContentBlock.fromText(text));
                }
                continue;
            }
            ConversationRole converseRole =
                    role.equals("assistant") ? ConversationRole.ASSISTANT : ConversationRole.USER;
            List<ContentBlock> blocks = new ArrayList<>();
            if (role.equals("tool") || role.equals("function")) {
                blocks.add(ContentBlock.fromToolResult(ToolResultBlock.builder()
                        .toolUseId(
                                m.path("tool_call_id").asString(m.path("name").asString("tool")))
                        .content(ToolResultContentBlock.fromText(text(m.get("content"))))
                        .build()));
            } else {
                String text = text(m.get("content"));
                if (!text.isEmpty()) {
                    blocks.add(ContentBlock.fromText(text));
                }
                for (JsonNode call : m.path("tool_calls")) {
                    blocks.add(ContentBlock.fromToolUse(ToolUseBlock.builder()
                            .toolUseId(call.path("id").asString())
                            .name(call.path("function").path("name").asString())
                            .input(document(parseArguments(
                                    call.path("function").path("arguments").asString("{}"))))
                            .build()));
                }
            }
            if (blocks.isEmpty()) {
                continue;
            }
            // Bedrock wants alternating roles: consecutive messages of one role (e.g. several tool results) merge.
            if (pendingRole != null && pendingRole != converseRole) {
                messages.add(
                        Message.builder().role(pendingRole).content(pending).build());
                pending = new ArrayList<>();
            }
            pendingRole = converseRole;
            pending.addAll(blocks);
        }
        if (pendingRole != null) {
            messages.add(Message.builder().role(pendingRole).content(pending).build());
        }
        return new ConverseParts(messages, system, inference(request), tools(request));
    }

    private InferenceConfiguration inference(ObjectNode request) {
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        JsonNode max = request.hasNonNull("max_completion_tokens")
                ? request.get("max_completion_tokens")
                : request.get("max_tokens");
        if (max != null && max.canConvertToInt()) {
            b.maxTokens(max.asInt());
        }
        if (request.path("temperature").isNumber()) {
            b.temperature((float) request.get("temperature").asDouble());
        }
        if (request.path("top_p").isNumber()) {
            b.topP((float) request.get("top_p").asDouble());
        }
        JsonNode stop = request.get("stop");
        if (stop != null && stop.isString()) {
            b.stopSequences(stop.asString());
        } else if (stop != null && stop.isArray()) {
            List<String> stops = new ArrayList<>();
            stop.forEach(s -> stops.add(s.asString()));
            b.stopSequences(stops);
        }
        return b.build();
    }

    private ToolConfiguration tools(ObjectNode request) {
        JsonNode tools = request.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        JsonNode choice = request.get("tool_choice");
        if (choice != null && choice.isString() && choice.asString().equals("none")) {
            return null;
        }
        List<Tool> specs = new ArrayList<>();
        for (JsonNode t : tools) {
            JsonNode fn = t.path("function");
            JsonNode schema = fn.has("parameters")
                    ? fn.get("parameters")
                    : json.createObjectNode().put("type", "object");
            ToolSpecification.Builder spec = ToolSpecification.builder()
                    .name(fn.path("name").asString())
                    .inputSchema(ToolInputSchema.fromJson(document(schema)));
            if (fn.path("description").isString()) {
                spec.description(fn.path("description").asString());
            }
            specs.add(Tool.fromToolSpec(spec.build()));
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder().tools(specs);
        if (choice != null && choice.isString() && choice.asString().equals("required")) {
            config.toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build()));
        } else if (choice != null && choice.isObject()) {
            config.toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder()
                    .name(choice.path("function").path("name").asString())
                    .build()));
        } else if (choice != null) {
            config.toolChoice(ToolChoice.fromAuto(AutoToolChoice.builder().build()));
        }
        return config.build();
    }

    /** An OpenAI {@code chat.completion} from a Converse response. */
    ObjectNode toCompletion(ConverseResponse response, String model, String id, long created) {
        ObjectNode completion = json.createObjectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                } else if (block.toolUse() != null) {
                    ObjectNode call = calls.addObject();
                    call.put("id", block.toolUse().toolUseId());
                    call.put("type", "function");
                    ObjectNode fn = call.putObject("function");
                    fn.put("name", block.toolUse().name());
                    fn.put(
                            "arguments",
                            json.writeValueAsString(node(block.toolUse().input())));
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response.stopReason()));
        if (response.usage() != null) {
            completion.set("usage", usage(response.usage()));
        }
        return completion;
    }

    ObjectNode usage(TokenUsage u) {
        ObjectNode usage = json.createObjectNode();
        int prompt = nz(u.inputTokens());
        int cached = nz(u.cacheReadInputTokens());
        usage.put("prompt_tokens", prompt + cached + nz(u.cacheWriteInputTokens()));
        usage.put("completion_tokens", nz(u.outputTokens()));
        usage.put("total_tokens", nz(u.totalTokens()));
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        return usage;
    }

    static String finishReason(StopReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "length";
            case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> "content_filter";
            default -> "stop";
        };
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }

    private JsonNode parseArguments(String arguments) {
        try {
            JsonNode node = json.readTree(arguments.isBlank() ? "{}" : arguments);
            return node.isObject() ? node : json.createObjectNode().set("value", node);
        } catch (JacksonException e) {
            return json.createObjectNode().put("raw", arguments);
        }
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(part.path("text").asString());
            }
        }
        return out.toString();
    }

    /** JSON to an AWS document. */
    static Document document(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), document(e.getValue()));
            }
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>();
            node.forEach(n -> list.add(document(n)));
            return Document.fromList(list);
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.asBoolean());
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        return Document.fromString(node.asString());
    }

    /** An AWS document to JSON. */
    JsonNode node(Document doc) {
        if (doc == null || doc.isNull()) {
            return json.nullNode();
        }
        if (doc.isMap()) {
            ObjectNode object = json.createObjectNode();
            doc.asMap().forEach((k, v) -> object.set(k, node(v)));
            return object;
        }
        if (doc.isList()) {
            ArrayNode array = json.createArrayNode();
            doc.asList().forEach(v -> array.add(node(v)));
            return array;
        }
        if (doc.isBoolean()) {
            return json.getNodeFactory().booleanNode(doc.asBoolean());
        }
        if (doc.isNumber()) {
            return json.getNodeFactory()
                    .numberNode(new BigDecimal(doc.asNumber().stringValue()));
        }
        return json.getNodeFactory().stringNode(doc.asString());
    }
}
