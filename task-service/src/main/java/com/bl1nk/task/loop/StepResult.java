package com.bl1nk.task.loop;

/**
 * What one loop step did: the run goes on with the step's value, or it ends here with an outcome. Steps return this
 * instead of throwing, so exceptions mean real failures only.
 */
sealed interface StepResult<T> {

    /** The step completed; the run continues with {@code value}. */
    record Continue<T>(T value) implements StepResult<T> {}

    /** The run ends: answered, failed, timed out, waiting for children or stopped. */
    record End<T>(LoopOutcome outcome) implements StepResult<T> {}

    static <T> StepResult<T> next(T value) {
        return new Continue<>(value);
    }

    static <T> StepResult<T> end(LoopOutcome outcome) {
        return new End<>(outcome);
    }
}
