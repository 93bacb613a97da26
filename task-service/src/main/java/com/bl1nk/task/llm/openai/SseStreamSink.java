package com.bl1nk.task.llm.openai;

import com.bl1nk.task.llm.ServedBy;
import com.bl1nk.task.llm.StreamSink;
import com.bl1nk.task.llm.Usage;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes a streamed completion as OpenAI-style server-sent events, flushing every chunk so nothing is buffered. */
final class SseStreamSink implements StreamSink {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServletResponse response;
    private final JsonMapper json;
    private ServletOutputStream out;

    SseStreamSink(HttpServletResponse response, JsonMapper json) {
        this.response = response;
        this.json = json;
    }

    @Override
    public void open(ServedBy servedBy, BigDecimal maxCostUsd) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(OpenAiHeaders.PROVIDER, servedBy.provider());
        response.setHeader(OpenAiHeaders.MODEL, servedBy.model());
        if (maxCostUsd != null && maxCostUsd.signum() > 0) {
            response.setHeader(OpenAiHeaders.MAX_COST, maxCostUsd.toPlainString());
        }
        out = response.getOutputStream();
    }

    @Override
    public void chunk(String chunk) throws IOException {
        out.write(DATA);
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.write(END);
        out.flush();
    }

    @Override
    public void error(ObjectNode error) throws IOException {
        out.write(DATA);
        out.write(json.writeValueAsBytes(error));
        out.write(END);
        out.flush();
    }

    @Override
    public void done(Usage usage, BigDecimal costUsd) throws IOException {
        String comment = ": bl1nk usage prompt_tokens=" + usage.promptTokens() + " completion_tokens="
                + usage.completionTokens() + " estimated=" + usage.estimated()
                + (costUsd == null ? "" : " cost_usd=" + costUsd.toPlainString()) + "\n\n";
        out.write(comment.getBytes(StandardCharsets.UTF_8));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
