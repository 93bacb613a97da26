package com.bl1nk.gateway.bootstrap;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The host command that issues a fresh platform-admin key ({@code ./bl1nk admin-key}); set only by that command.
 *
 * @param out where the new key is written (mode 600); the command runs only when it is set
 * @param operator who ran the command on the host, recorded in the audit event
 * @param firstUser write a fresh first-user sign-up link instead of a key ({@code ./bl1nk admin-key --first-user})
 */
@ConfigurationProperties("bl1nk.gateway.admin-key")
public record AdminKeyProperties(
        Path out,
        @DefaultValue("unknown") String operator,
        @DefaultValue("false") boolean firstUser) {}
