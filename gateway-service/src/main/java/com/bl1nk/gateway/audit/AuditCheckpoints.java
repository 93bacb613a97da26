package com.bl1nk.gateway.audit;

import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.InvalidIdentityTokenException;
import com.bl1nk.common.identity.SignedStatements;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.gateway.audit.AuditRepository.ChainHead;
import com.nimbusds.jose.JWSObject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs the head of every changed audit chain with the gateway's private key, every
 * {@link AuditChainProperties#checkpointInterval()}, and checks such signatures: a checkpoint proves what a chain held
 * at that position to anyone with the gateway's public key, which someone who can only write to the database lacks.
 */
@Component
class AuditCheckpoints implements InitializingBean, DisposableBean {

    /** The JWS {@code typ} of a checkpoint, so it can never pass for an identity token or the other way round. */
    static final String TYPE = "bl1nk-audit-checkpoint+jws";

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final AuditRepository repository;
    private final IdentityTokenCodec codec;
    private final Clock clock;
    private final AuditChainProperties properties;
    private final boolean enabled;
    private final Optional<TrustedKeys> archived;
    private ScheduledExecutorService scheduler;

    AuditCheckpoints(
            AuditRepository repository,
            IdentityTokenCodec codec,
            Clock clock,
            AuditChainProperties properties,
            @Value("${bl1nk.gateway.audit.writer-enabled:true}") boolean enabled) {
        this.repository = repository;
        this.codec = codec;
        this.clock = clock;
        this.properties = properties;
        this.enabled = enabled;
        this.archived = Optional.ofNullable(properties.archivedKeysDir()).map(dir -> TrustedKeys.watching(dir, clock));
    }

    @Override
    public void afterPropertiesSet() {
        if (!enabled) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("audit-checkpoints").daemon(true).factory());
        long every = properties.checkpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::signQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void signQuietly() {
        try {
            signChangedChains();
        } catch (RuntimeException e) {
            log.warn("Could not sign audit checkpoints this round: {}", e.toString());
        }
    }

    /** Signs a checkpoint for every chain whose head moved since its newest one; returns how many were signed. */
    int signChangedChains() {
        int signed = 0;
        for (ChainHead head : repository.headsWithoutCheckpoint()) {
            Instant now = clock.instant();
            String statement = codec.signStatement(
                    TYPE,
                    Map.of(
                            "tid", head.tenantId().toString(),
                            "seq", head.lastSeq(),
                            "hash", head.lastHash(),
                            "iat", now.getEpochSecond()));
            repository.insertCheckpoint(head, now, keyIdOf(statement), statement);
            signed++;
        }
        return signed;
    }

    /** The claims of a checkpoint statement signed by a current or archived gateway key. */
    Map<String, Object> verify(String statement) {
        return SignedStatements.verify(statement, TYPE, IdentityTokenCodec.GATEWAY, this::key);
    }

    /** The public keys checkpoints can be checked with: the trusted gateway keys and the archived ones. */
    List<WorkloadKey> publicKeys() {
        List<WorkloadKey> keys = new ArrayList<>(codec.trustedKeysOf(IdentityTokenCodec.GATEWAY));
        archived.ifPresent(a -> a.all().stream()
                .filter(k -> k.owner().equals(IdentityTokenCodec.GATEWAY))
                .filter(k -> keys.stream().noneMatch(known -> known.keyId().equals(k.keyId())))
                .forEach(keys::add));
        return keys;
    }

    private Optional<WorkloadKey> key(String keyId) {
        return codec.trustedKey(keyId).or(() -> archived.flatMap(a -> a.find(keyId)));
    }

    private static String keyIdOf(String statement) {
        try {
            return JWSObject.parse(statement).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new InvalidIdentityTokenException("a statement just signed does not parse", e);
        }
    }
}
