package com.bl1nk.task.loop;

import java.util.function.Consumer;

/**
 * How the loop reaches a model: the seam between the loop and the model layer (routing, budgets, providers), so the
 * loop can be built and tested while the model layer evolves.
 */
public interface ModelGateway {

    /**
     * Makes one call, streaming text deltas to {@code onDelta} as they arrive.
     *
     * @throws ModelCallException when the call fails; {@link ModelCallException#isTransient()} says if a retry may help
     * @throws LoopInterruptedException when the calling thread was interrupted (the task was cancelled)
     */
    ModelReply call(ModelCall call, Consumer<String> onDelta);
}
