package com.bl1nk.contracts.taskevent;

/**
 * A piece of the model's answer text arrived while the model step streams.
 *
 * @param seq the model step's sequence number
 * @param text the piece, to be appended to the earlier ones of the same step
 */
public record ModelDeltaStreamed(int seq, String text) implements TaskEvent {

    public static final String TYPE = "model_delta";

    @Override
    public String type() {
        return TYPE;
    }
}
