package com.bl1nk.mockllm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code /_mock/...} endpoints, so tests and demos in other processes can script and inspect the mock. */
final class ControlPlane {

    private final MockLlmServer server;

    ControlPlane(MockLlmServer server) {
        this.server = server;
    }

    void handle(HttpExchange exchange, String path, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/_mock/health" -> {
                requireMethod(method, "GET", path);
                ObjectNode status = Json.MAPPER.createObjectNode();
                status.put("status", "UP");
                HttpIo.sendJson(exchange, 200, status);
            }
            case "/_mock/rules" -> {
                if (method.equals("GET")) {
                    HttpIo.sendJson(exchange, 200, rules());
                } else {
                    requireMethod(method, "POST", path);
                    List<Rule> rules;
                    try {
                        rules = RulesJson.parse(Requests.parseJson(body));
                    } catch (IllegalArgumentException e) {
                        throw ApiError.badRequest(e.getMessage(), "rules");
                    }
                    server.setRules(rules);
                    HttpIo.sendJson(exchange, 200, rules());
                }
            }
            case "/_mock/reset" -> {
                requireMethod(method, "POST", path);
                server.reset();
                ObjectNode status = Json.MAPPER.createObjectNode();
                status.put("status", "reset");
                HttpIo.sendJson(exchange, 200, status);
            }
            case "/_mock/requests" -> {
                if (method.equals("DELETE")) {
                    server.clearRequests();
                    ObjectNode status = Json.MAPPER.createObjectNode();
                    status.put("status", "cleared");
                    HttpIo.sendJson(exchange, 200, status);
                } else {
                    requireMethod(method, "GET", path);
                    String filter = queryParam(exchange.getRequestURI().getRawQuery(), "path");
                    HttpIo.sendJson(exchange, 200, requests(filter));
                }
            }
            default ->
                throw new ApiError(
                        404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
        }
    }

    private ObjectNode rules() {
        RuleBook book = server.ruleBook();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode rules = root.putArray("rules");
        for (int i = 0; i < book.rules().size(); i++) {
            ObjectNode rule = RulesJson.toJson(book.rules().get(i));
            rule.put("uses", book.uses(i));
            rules.add(rule);
        }
        return root;
    }

    private ObjectNode requests(String pathFilter) {
        List<RecordedRequest> requests = pathFilter == null ? server.requests() : server.requests(pathFilter);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("count", requests.size());
        ArrayNode list = root.putArray("requests");
        for (RecordedRequest request : requests) {
            ObjectNode item = list.addObject();
            item.put("sequence", request.sequence());
            item.put("method", request.method());
            item.put("path", request.path());
            if (request.query() == null) {
                item.putNull("query");
            } else {
                item.put("query", request.query());
            }
            ObjectNode headers = item.putObject("headers");
            for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                ArrayNode values = headers.putArray(h.getKey());
                h.getValue().forEach(values::add);
            }
            item.put("body", request.body());
            item.put("receivedAt", request.receivedAt().toString());
        }
        return root;
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new ApiError(
                    405,
                    "Method " + method + " is not allowed on " + path + "; use " + expected,
                    "invalid_request_error",
                    null,
                    null);
        }
    }

    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
