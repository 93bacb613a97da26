/**
 * The audit outbox every service records its audited actions in: a row in the service's own schema written in the same
 * transaction as the change it describes, relayed to {@code bl1nk:audit} at least once and stored once by the
 * gateway's audit writer.
 */
package com.bl1nk.common.audit;
