/** {@code bl1nk:usage}: one message per metered model call, produced by task-service and rag-service, consumed by billing. */
package com.bl1nk.contracts.usage;
