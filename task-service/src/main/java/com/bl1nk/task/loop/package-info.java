/**
 * The agent loop: retrieval, model call, tool calls and delegation, repeated until a final answer or a limit, with every
 * step persisted before the loop moves on so a reclaimed task resumes from its last completed step.
 */
package com.bl1nk.task.loop;
