package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.crypto.CryptoProperties;
import com.bl1nk.common.crypto.SecretBox;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A {@link SecretBox} when {@code bl1nk.crypto.master-key} is set. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "bl1nk.crypto", name = "master-key")
@EnableConfigurationProperties(CryptoProperties.class)
public class CryptoAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecretBox secretBox(CryptoProperties properties) {
        return SecretBox.fromBase64(properties.keyId(), properties.masterKey(), properties.previousKeys());
    }
}
