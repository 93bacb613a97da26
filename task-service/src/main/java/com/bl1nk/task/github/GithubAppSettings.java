package com.bl1nk.task.github;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.task.error.TaskErrorCode;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's GitHub App: its id, private key and webhook secrets. Set by the operator through the API, they are
 * stored only encrypted (SecretBox, each bound to its column); without a stored App the environment
 * ({@code BL1NK_GITHUB_*}) applies. Reads are served from a snapshot refreshed every few seconds, so the webhook
 * path does not decrypt on every delivery and another replica's change applies within {@link #REFRESH}.
 */
@Component
class GithubAppSettings {

    static final Duration REFRESH = Duration.ofSeconds(10);
    private static final String KEY_CONTEXT = "task.github_app.private_key";
    private static final String SECRETS_CONTEXT = "task.github_app.webhook_secrets";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final GithubProperties properties;
    private final ObjectProvider<SecretBox> secrets;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Snapshot snapshot;

    GithubAppSettings(
            JdbcClient jdbc,
            GithubProperties properties,
            ObjectProvider<SecretBox> secrets,
            JsonMapper json,
            ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Where the App in use comes from. */
    enum Source {
        DATABASE,
        ENVIRONMENT,
        NONE
    }

    /** The App in use; {@code appId} and {@code privateKey} are null when no App is configured. */
    record App(Source source, Long appId, RSAPrivateKey privateKey, List<String> webhookSecrets, Instant updatedAt) {

        boolean canCallGithub() {
            return appId != null && privateKey != null;
        }
    }

    /** What the API shows about the App: never the key or a secret. */
    record View(String source, Long appId, boolean privateKeyConfigured, int webhookSecretCount, Instant updatedAt) {}

    private record Snapshot(App app, Instant readAt) {}

    private record Row(long appId, String privateKeyEnc, String webhookSecretsEnc, Instant updatedAt) {}

    App current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.readAt().plus(REFRESH))) {
            s = new Snapshot(load(), now);
            snapshot = s;
        }
        return s.app();
    }

    View view() {
        App app = current();
        return new View(
                app.source().name().toLowerCase(Locale.ROOT),
                app.appId(),
                app.privateKey() != null,
                app.webhookSecrets().size(),
                app.updatedAt());
    }

    /** Stores the App, replacing any stored one; the key must parse as an RSA private key. */
    View store(long appId, String privateKeyPem, List<String> webhookSecrets, String updatedBy) {
        try {
            GithubAppKeys.parsePem(privateKeyPem);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("privateKey", e.getMessage());
        }
        SecretBox box = box();
        String keyEnc = box.encrypt(privateKeyPem, KEY_CONTEXT);
        String secretsEnc = box.encrypt(json.writeValueAsString(webhookSecrets), SECRETS_CONTEXT);
        jdbc.sql("""
                        insert into task.github_app (id, app_id, private_key_enc, webhook_secrets_enc, updated_by,
                                                     updated_at)
                        values (1, ?, ?, ?, ?, now())
                        on conflict (id) do update set app_id = excluded.app_id,
                            private_key_enc = excluded.private_key_enc,
                            webhook_secrets_enc = excluded.webhook_secrets_enc,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        """).params(appId, keyEnc, secretsEnc, updatedBy).update();
        snapshot = null;
        return view();
    }

    /** Forgets the stored App; the environment's applies again. Whether there was one. */
    boolean delete() {
        boolean deleted = jdbc.sql("delete from task.github_app where id = 1").update() > 0;
        snapshot = null;
        return deleted;
    }

    private App load() {
        Optional<Row> row = jdbc.sql("""
                        select app_id, private_key_enc, webhook_secrets_enc, updated_at
                        from task.github_app where id = 1
                        """)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
        if (row.isPresent()) {
            SecretBox box = box();
            Row r = row.get();
            RSAPrivateKey key = GithubAppKeys.parsePem(box.decrypt(r.privateKeyEnc(), KEY_CONTEXT));
            List<String> stored = json.readValue(box.decrypt(r.webhookSecretsEnc(), SECRETS_CONTEXT), STRINGS);
            return new App(Source.DATABASE, r.appId(), key, List.copyOf(stored), r.updatedAt());
        }
        return fromEnvironment(properties);
    }

    /** The App the environment ({@code bl1nk.task.github.*}) describes; {@link Source#NONE} when it names none. */
    static App fromEnvironment(GithubProperties properties) {
        boolean keyInEnv =
                properties.privateKey() != null && !properties.privateKey().isBlank();
        List<String> envSecrets = properties.usableSecrets();
        if (properties.appId() == null && !keyInEnv && envSecrets.isEmpty()) {
            return new App(Source.NONE, null, null, List.of(), null);
        }
        RSAPrivateKey key = keyInEnv ? GithubAppKeys.parsePem(properties.privateKey()) : null;
        return new App(Source.ENVIRONMENT, properties.appId(), key, envSecrets, null);
    }

    private SecretBox box() {
        SecretBox box = secrets.getIfAvailable();
        if (box == null) {
            throw ApiException.of(
                    TaskErrorCode.SECRETS_UNAVAILABLE,
                    "The GitHub App's key cannot be stored or read: the service has no master key"
                            + " (set BL1NK_MASTER_KEY)");
        }
        return box;
    }
}
