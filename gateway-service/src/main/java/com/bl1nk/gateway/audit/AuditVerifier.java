package com.bl1nk.gateway.audit;

import com.bl1nk.common.identity.InvalidIdentityTokenException;
import com.bl1nk.gateway.audit.AuditRepository.ChainHead;
import com.bl1nk.gateway.audit.AuditRepository.StoredCheckpoint;
import com.bl1nk.gateway.audit.AuditRepository.StoredLink;
import com.bl1nk.gateway.audit.AuditVerification.BrokenLink;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recomputes a tenant's audit chain from the stored rows, page by page, and checks it against its signed checkpoints:
 * an edited row no longer hashes to its stored hash, a deleted one leaves a gap, a reordered one does not follow its
 * predecessor, and a truncated history ends before a checkpoint that covered more. Reports the first problem.
 */
@Service
class AuditVerifier {

    private final AuditRepository repository;
    private final AuditCheckpoints checkpoints;
    private final JsonMapper json;
    private final int pageSize;

    AuditVerifier(
            AuditRepository repository,
            AuditCheckpoints checkpoints,
            JsonMapper json,
            AuditChainProperties properties) {
        this.repository = repository;
        this.checkpoints = checkpoints;
        this.json = json;
        this.pageSize = properties.verifyPageSize();
    }

    AuditVerification verify(UUID tenantId) {
        Map<Long, StoredCheckpoint> bySeq = new HashMap<>();
        for (StoredCheckpoint checkpoint : repository.checkpoints(tenantId)) {
            bySeq.put(checkpoint.seq(), checkpoint);
        }
        long unchained = repository.unchainedCount(tenantId);
        Progress progress = new Progress();
        String prev = ChainLink.GENESIS;
        long after = 0;
        while (true) {
            List<StoredLink> page = repository.chainPage(tenantId, after, pageSize);
            for (StoredLink row : page) {
                long seq = row.link().seq();
                UUID eventId = UUID.fromString(row.link().eventId());
                long expected = progress.through + 1;
                if (seq != expected) {
                    return progress.broken(
                            tenantId,
                            unchained,
                            new BrokenLink(
                                    expected,
                                    null,
                                    "event_missing",
                                    "event #" + expected + " is missing: the chain goes from #" + (expected - 1)
                                            + " to #" + seq));
                }
                if (!prev.equals(row.prevHash())) {
                    return progress.broken(
                            tenantId,
                            unchained,
                            new BrokenLink(
                                    seq,
                                    eventId,
                                    "link_broken",
                                    "event #" + seq + " does not follow event #" + (seq - 1)
                                            + " (history reordered or replaced)"));
                }
                String hash = row.link().hash(json, prev);
                if (!hash.equals(row.hash())) {
                    return progress.broken(
                            tenantId,
                            unchained,
                            new BrokenLink(
                                    seq,
                                    eventId,
                                    "event_edited",
                                    "event #" + seq + " differs from what was hashed when it was stored"));
                }
                StoredCheckpoint checkpoint = bySeq.get(seq);
                if (checkpoint != null) {
                    Optional<BrokenLink> bad = check(tenantId, checkpoint, hash, eventId);
                    if (bad.isPresent()) {
                        return progress.broken(tenantId, unchained, bad.get());
                    }
                    progress.checkpoint(checkpoint);
                }
                prev = hash;
                progress.through = seq;
                progress.events++;
            }
            if (page.size() < pageSize) {
                break;
            }
            after = progress.through;
        }
        long last = progress.through;
        Optional<StoredCheckpoint> beyond =
                bySeq.values().stream().filter(c -> c.seq() > last).findFirst();
        if (beyond.isPresent()) {
            return progress.broken(
                    tenantId,
                    unchained,
                    new BrokenLink(
                            last + 1,
                            null,
                            "truncated",
                            "the log ends at event #" + last + " but a checkpoint signed at "
                                    + beyond.get().signedAt() + " covers events up to #"
                                    + beyond.get().seq()));
        }
        Optional<ChainHead> head = repository.head(tenantId);
        if (head.isPresent() && head.get().lastSeq() > last) {
            return progress.broken(
                    tenantId,
                    unchained,
                    new BrokenLink(
                            last + 1,
                            null,
                            "truncated",
                            "the log ends at event #" + last + " but the chain head records #"
                                    + head.get().lastSeq()));
        }
        return progress.intact(tenantId, unchained);
    }

    private Optional<BrokenLink> check(UUID tenantId, StoredCheckpoint checkpoint, String hash, UUID eventId) {
        Map<String, Object> claims;
        try {
            claims = checkpoints.verify(checkpoint.statement());
        } catch (InvalidIdentityTokenException e) {
            return Optional.of(new BrokenLink(
                    checkpoint.seq(),
                    eventId,
                    "checkpoint_invalid",
                    "the checkpoint at event #" + checkpoint.seq() + " does not verify: " + e.getMessage()));
        }
        boolean matches = tenantId.toString().equals(claims.get("tid"))
                && claims.get("seq") instanceof Number n
                && n.longValue() == checkpoint.seq()
                && hash.equals(claims.get("hash"));
        if (!matches) {
            return Optional.of(new BrokenLink(
                    checkpoint.seq(),
                    eventId,
                    "checkpoint_mismatch",
                    "the chain at event #" + checkpoint.seq() + " is not what the gateway signed at "
                            + checkpoint.signedAt()));
        }
        return Optional.empty();
    }

    /** How far the walk got. */
    private static final class Progress {
        long through;
        long events;
        int checkpoints;
        Long newestSeq;
        Instant newestAt;

        void checkpoint(StoredCheckpoint checkpoint) {
            checkpoints++;
            newestSeq = checkpoint.seq();
            newestAt = checkpoint.signedAt();
        }

        AuditVerification broken(UUID tenantId, long unchained, BrokenLink link) {
            return new AuditVerification(
                    tenantId, false, events, unchained, through, checkpoints, newestSeq, newestAt, link);
        }

        AuditVerification intact(UUID tenantId, long unchained) {
            return new AuditVerification(
                    tenantId, true, events, unchained, through, checkpoints, newestSeq, newestAt, null);
        }
    }
}
