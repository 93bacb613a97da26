/**
 * Optional error tracking: with {@code BL1NK_SENTRY_DSN} set, unexpected errors (what the problem handlers log at
 * ERROR) and uncaught exceptions go to a Sentry-compatible ingest, after a scrubber has removed secrets, credentials,
 * request bodies and log arguments (where prompts would travel).
 */
package com.bl1nk.common.errortracking;
