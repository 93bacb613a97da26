package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.crypto.CryptoProperties;
import com.bl1nk.common.crypto.SecretBox;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The one {@link SecretBox} of a service, when {@code bl1nk.crypto.master-key} (or the plain {@code BL1NK_MASTER_KEY}
 * of the environment) is set: new secrets under {@code bl1nk.crypto.key-id}, older ciphertexts still read with
 * {@code bl1nk.crypto.previous-keys}, so a rotated master key never makes stored secrets unreadable.
 */
@AutoConfiguration
@Conditional(CryptoAutoConfiguration.MasterKeySet.class)
@EnableConfigurationProperties(CryptoProperties.class)
public class CryptoAutoConfiguration {

    /** The plain environment variable that also names the master key (docker-compose and {@code ./bl1nk up}). */
    static final String MASTER_KEY_ENV = "BL1NK_MASTER_KEY";

    @Bean
    @ConditionalOnMissingBean
    SecretBox secretBox(CryptoProperties properties, Environment environment) {
        String master =
                properties.masterKey() != null && !properties.masterKey().isBlank()
                        ? properties.masterKey()
                        : environment.getProperty(MASTER_KEY_ENV);
        return SecretBox.fromBase64(properties.keyId(), master, properties.previousKeys());
    }

    /** {@code bl1nk.crypto.master-key} or {@code BL1NK_MASTER_KEY} is set. */
    static final class MasterKeySet extends AnyNestedCondition {

        MasterKeySet() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(prefix = "bl1nk.crypto", name = "master-key")
        static final class Property {}

        @ConditionalOnProperty(MASTER_KEY_ENV)
        static final class PlainEnvironment {}
    }
}
