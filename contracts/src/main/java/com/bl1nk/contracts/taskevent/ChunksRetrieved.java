package com.bl1nk.contracts.taskevent;

import java.util.List;

/**
 * The retrieval step found chunks in the agent's knowledge bases.
 *
 * @param seq the step's sequence number
 * @param chunks how many chunks came back
 * @param sources the distinct document names (or ids, for unnamed documents) they came from
 */
public record ChunksRetrieved(int seq, int chunks, List<String> sources) implements TaskEvent {

    public static final String TYPE = "retrieval";

    public ChunksRetrieved {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
