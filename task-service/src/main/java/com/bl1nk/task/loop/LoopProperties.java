package com.bl1nk.task.loop;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the agent loop.
 *
 * @param maxToolResultChars longest tool result passed back to the model (the rest is cut)
 * @param maxDelegations most sub-tasks one delegate call may start
 */
@Validated
@ConfigurationProperties("bl1nk.task.loop")
public record LoopProperties(
        @DefaultValue("16000") @Min(100) int maxToolResultChars,
        @DefaultValue("10") @Min(1) @Max(50) int maxDelegations) {}
