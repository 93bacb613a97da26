package com.bl1nk.task.llm.it;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * billing-service's internal API as CONTRACTS.md pins it, on loopback: a price book, reservations that are refused
 * for the model {@value #TOO_EXPENSIVE}, settles and releases; records every request.
 */
final class FakeBilling {

    /** Reservations for this model are refused with 402. */
    static final String TOO_EXPENSIVE = "gold-model";

    /** Reservations for this model are rejected with 422 {@code model_not_priced}. */
    static final String UNPRICED = "unpriced-model";

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    static FakeBilling start() {
        FakeBilling billing = new FakeBilling();
        billing.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                billing.requests.add(request);
                return billing.answer(request);
            }
        });
        try {
            billing.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return billing;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    long count(String pathPrefix) {
        return requests.stream()
                .filter(r -> r.getUrl().encodedPath().startsWith(pathPrefix))
                .count();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (request.getHeaders().get("X-Bl1nk-Identity") == null) {
            return json(401, "{\"type\":\"https://bl1nk.dev/problems/unauthenticated\",\"status\":401}");
        }
        if (path.equals("/internal/v1/prices")) {
            String provider = request.getUrl().queryParameter("provider");
            return json(200, prices(provider));
        }
        if (path.equals("/internal/v1/reservations")) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            if (body.contains("\"" + TOO_EXPENSIVE + "\"")) {
                return new MockResponse.Builder()
                        .code(402)
                        .addHeader("Content-Type", "application/problem+json")
                        .body("{\"type\":\"https://bl1nk.dev/problems/budget_exceeded\",\"title\":\"Budget exceeded\","
                                + "\"status\":402,\"detail\":\"The monthly budget of this tenant is used up\","
                                + "\"code\":\"budget_exceeded\"}")
                        .build();
            }
            if (body.contains("\"" + UNPRICED + "\"")) {
                return new MockResponse.Builder()
                        .code(422)
                        .addHeader("Content-Type", "application/problem+json")
                        .body("{\"type\":\"https://bl1nk.dev/problems/model_not_priced\",\"status\":422,"
                                + "\"detail\":\"Model unpriced-model has no price in the price book\","
                                + "\"code\":\"model_not_priced\"}")
                        .build();
            }
            return json(201, "{\"id\":\"" + UUID.randomUUID() + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        }
        if (path.endsWith("/settle")) {
            return json(200, "{}");
        }
        if (path.endsWith("/release")) {
            return new MockResponse.Builder().code(204).build();
        }
        return json(404, "{}");
    }

    private static String prices(String provider) {
        if ("mock-a".equals(provider)) {
            return "{\"items\":[{\"provider\":\"mock-a\",\"model\":\"mock-gpt\",\"inputPerMTokUsd\":\"3.00\","
                    + "\"outputPerMTokUsd\":\"15.00\",\"cachedInputPerMTokUsd\":\"0.30\",\"contextWindow\":200000,"
                    + "\"supportsTools\":true},"
                    + "{\"provider\":\"mock-a\",\"model\":\"gold-model\",\"inputPerMTokUsd\":\"100\","
                    + "\"outputPerMTokUsd\":\"300\",\"contextWindow\":8000,\"supportsTools\":true}]}";
        }
        if ("mock-b".equals(provider)) {
            return "{\"items\":[{\"provider\":\"mock-b\",\"model\":\"mock-gpt\",\"inputPerMTokUsd\":\"0.10\","
                    + "\"outputPerMTokUsd\":\"0.40\",\"contextWindow\":128000,\"supportsTools\":true}]}";
        }
        return "{\"items\":[]}";
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    void close() {
        server.close();
    }
}
