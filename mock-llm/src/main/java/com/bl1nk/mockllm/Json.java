package com.bl1nk.mockllm;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper, so every response is written the same way. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}
}
