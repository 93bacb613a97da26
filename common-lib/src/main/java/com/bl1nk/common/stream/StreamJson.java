package com.bl1nk.common.stream;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of stream payloads, fixed so producers and consumers in different services always agree. */
final class StreamJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a JSON null for a number (e.g. tokens of a usage event) must not read as 0 and make a call free
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StreamJson() {}
}
