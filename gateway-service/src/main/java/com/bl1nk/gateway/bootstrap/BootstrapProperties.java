package com.bl1nk.gateway.bootstrap;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * First-start setup of an empty installation: a {@code default} tenant and an owner key that is also platform admin.
 *
 * @param enabled whether the gateway bootstraps an empty identity schema at start
 * @param keyFile where the plaintext admin key is written (mode 600) for {@code ./bl1nk up} to print once and delete
 *     ({@code BL1NK_BOOTSTRAP_KEY_FILE}); without it nothing is bootstrapped, because the key would be lost
 * @param firstUserLinkFile where the first user's single-use sign-up link is written (mode 600) for {@code ./bl1nk up}
 *     to print next to the key ({@code BL1NK_BOOTSTRAP_FIRST_USER_FILE}); without it no link is issued at first start
 * @param tenantSlug slug of the tenant created
 * @param tenantName display name of the tenant created
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.bootstrap")
public record BootstrapProperties(
        @DefaultValue("true") boolean enabled,
        Path keyFile,
        Path firstUserLinkFile,
        @DefaultValue("default") String tenantSlug,
        @DefaultValue("Default") String tenantName) {}
