/**
 * Agents per tenant: instructions, model or routing policy, knowledge bases, allowed tools and sub-agents, and limits.
 * Every change writes a new immutable version so a task can record exactly which version it ran.
 */
package com.bl1nk.task.agent;
