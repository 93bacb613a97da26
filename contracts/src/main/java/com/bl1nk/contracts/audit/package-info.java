/** {@code bl1nk:audit}: one message per audited action, produced by every service, consumed by the gateway's audit writer. */
package com.bl1nk.contracts.audit;
