/**
 * Tasks: run an agent, follow its event stream as readable lines (steps, citations, tool calls, child tasks, cost) to
 * the answer, list, show and cancel.
 */
package com.bl1nk.cli.task;
