package com.bl1nk.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTests {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final Identity identity = Identity.service("task-service", UUID.randomUUID(), Set.of(), Set.of());

    @Test
    void rotationKeepsBothKeysValidDuringTheOverlapAndDropsTheOldOneAfter() throws Exception {
        WorkloadKey old = WorkloadKey.generate("task");
        Files.writeString(dir.resolve("task.pem"), old.publicHalf().toPem());
        IdentityTokenCodec billing = IdentityTokenCodec.verifier("billing", TrustedKeys.watching(dir, clock), clock);
        IdentityTokenCodec taskOld = signer(old);
        String beforeRotation = taskOld.mint(identity, "billing");
        assertThat(billing.verify(beforeRotation).issuer()).isEqualTo("task");

        // 1. publish the new public key next to the old one
        WorkloadKey next = WorkloadKey.generate("task");
        Files.writeString(dir.resolve("task.next.pem"), next.publicHalf().toPem());
        IdentityTokenCodec taskNew = signer(next);
        String afterRotation = taskNew.mint(identity, "billing");
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        // 2. both are valid while signers move over
        assertThat(billing.verify(afterRotation).issuer()).isEqualTo("task");
        assertThat(billing.verify(beforeRotation).issuer()).isEqualTo("task");

        // 3. retire the old key
        Files.delete(dir.resolve("task.pem"));
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThatThrownBy(() -> billing.verify(taskOld.mint(identity, "billing")))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("unknown key");
        assertThat(billing.verify(taskNew.mint(identity, "billing")).issuer()).isEqualTo("task");
    }

    @Test
    void aSignerPicksUpItsReplacedKeyFileWithoutARestart() throws Exception {
        WorkloadKey old = WorkloadKey.generate("task");
        WorkloadKey next = WorkloadKey.generate("task");
        Path keyFile = dir.resolve("task-signing.pem");
        Files.writeString(keyFile, old.toPem());
        IdentityTokenCodec task = new IdentityTokenCodec(
                "task",
                new SigningKeyFile("task", keyFile, clock),
                TrustedKeys.of(java.util.List.of()),
                Duration.ofMinutes(1),
                clock);
        assertThat(keyIdOf(task.mint(identity, "billing"))).isEqualTo(old.keyId());
        Files.writeString(keyFile, next.toPem());
        assertThat(keyIdOf(task.mint(identity, "billing")))
                .as("not before the next check")
                .isEqualTo(old.keyId());
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThat(keyIdOf(task.mint(identity, "billing"))).isEqualTo(next.keyId());
        // a broken replacement keeps the last good key
        Files.writeString(keyFile, "garbage");
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThat(keyIdOf(task.mint(identity, "billing"))).isEqualTo(next.keyId());
    }

    private static String keyIdOf(String token) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void aTokenIsReusedForHalfItsLifeAndItsCachedVerificationEndsWithItsKey() throws Exception {
        WorkloadKey key = WorkloadKey.generate("task");
        Files.writeString(dir.resolve("task.pem"), key.publicHalf().toPem());
        IdentityTokenCodec billing = IdentityTokenCodec.verifier("billing", TrustedKeys.watching(dir, clock), clock);
        IdentityTokenCodec task = signer(key);
        String first = task.mint(identity, "billing");
        assertThat(task.mint(identity, "billing")).as("reused").isEqualTo(first);
        assertThat(task.mint(identity, "rag"))
                .as("another callee, another token")
                .isNotEqualTo(first);
        assertThat(billing.verify(first).issuer()).isEqualTo("task");
        assertThat(billing.verify(first).issuer()).as("served from the cache").isEqualTo("task");

        clock.advance(Duration.ofSeconds(31)); // past half of the 1 minute lifetime
        assertThat(task.mint(identity, "billing")).isNotEqualTo(first);

        // the key is withdrawn: even a token verified a moment ago stops working
        Files.delete(dir.resolve("task.pem"));
        Files.writeString(
                dir.resolve("other.pem"),
                WorkloadKey.generate("other").publicHalf().toPem());
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThatThrownBy(() -> billing.verify(first))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("unknown key");
    }

    @Test
    void aRemovedKeyStopsEvenWhenAnotherFileIsBrokenOrTheDirectoryIsEmptied() throws Exception {
        WorkloadKey rag = WorkloadKey.generate("rag");
        WorkloadKey task = WorkloadKey.generate("task");
        Files.writeString(dir.resolve("rag.pem"), rag.publicHalf().toPem());
        Files.writeString(dir.resolve("task.pem"), task.publicHalf().toPem());
        TrustedKeys trusted = TrustedKeys.watching(dir, clock);
        // the operator withdraws rag's key while someone leaves a broken file behind
        Files.delete(dir.resolve("rag.pem"));
        Files.writeString(dir.resolve("broken.pem"), "not a key");
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThat(trusted.find(rag.keyId())).isEmpty();
        assertThat(trusted.find(task.keyId())).isPresent();
        // and an emptied directory trusts nothing
        Files.delete(dir.resolve("task.pem"));
        Files.delete(dir.resolve("broken.pem"));
        clock.advance(TrustedKeys.RESCAN_INTERVAL.plusSeconds(1));
        assertThat(trusted.find(task.keyId())).isEmpty();
    }

    @Test
    void aPrivateKeyOrNoKeyInTheTrustedDirectoryStopsStartUp() throws Exception {
        assertThatThrownBy(() -> TrustedKeys.watching(dir, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no");
        Files.writeString(dir.resolve("task.pem"), WorkloadKey.generate("task").toPem());
        assertThatThrownBy(() -> TrustedKeys.watching(dir, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key");
    }

    @Test
    void theOwnerComesFromTheFileName() throws Exception {
        WorkloadKey ragKey = WorkloadKey.generate("rag");
        // rag's key material filed as the gateway's: its key id says gateway, so rag's own tokens fail
        Files.writeString(dir.resolve("gateway.pem"), ragKey.publicHalf().toPem());
        TrustedKeys trusted = TrustedKeys.watching(dir, clock);
        assertThat(trusted.all())
                .singleElement()
                .satisfies(k -> assertThat(k.owner()).isEqualTo("gateway"));
        IdentityTokenCodec billing = IdentityTokenCodec.verifier("billing", trusted, clock);
        assertThatThrownBy(() -> billing.verify(signer(ragKey).mint(identity, "billing")))
                .isInstanceOf(InvalidIdentityTokenException.class);
    }

    private IdentityTokenCodec signer(WorkloadKey key) {
        return new IdentityTokenCodec(
                key.owner(), key, TrustedKeys.of(java.util.List.of(key)), Duration.ofMinutes(1), clock);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
