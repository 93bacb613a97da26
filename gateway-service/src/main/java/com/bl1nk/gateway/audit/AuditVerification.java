package com.bl1nk.gateway.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What verifying a tenant's audit chain found.
 *
 * @param tenantId the tenant
 * @param intact whether every link, every checkpoint and the chain's length check out
 * @param chainedEvents events in the chain that were read
 * @param unchainedEvents events stored before the chain existed (not covered by it)
 * @param verifiedThroughSeq the last position up to which the chain is intact (0 when it breaks at once)
 * @param checkpoints signed checkpoints that verified
 * @param newestCheckpointSeq the position the newest valid checkpoint covers, null when none
 * @param newestCheckpointAt when it was signed
 * @param firstBrokenLink the first problem found, null when intact
 */
public record AuditVerification(
        UUID tenantId,
        boolean intact,
        long chainedEvents,
        long unchainedEvents,
        long verifiedThroughSeq,
        int checkpoints,
        Long newestCheckpointSeq,
        Instant newestCheckpointAt,
        BrokenLink firstBrokenLink) {

    /**
     * The first place where stored history contradicts its chain.
     *
     * @param seq the position in the chain
     * @param eventId the event stored there, null when it is missing
     * @param problem {@code event_edited}, {@code event_missing}, {@code link_broken} (reordered or replaced),
     *     {@code checkpoint_invalid}, {@code checkpoint_mismatch} or {@code truncated}
     * @param detail a sentence saying what is wrong
     */
    public record BrokenLink(long seq, UUID eventId, String problem, String detail) {}
}
