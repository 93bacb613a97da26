package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.gateway.tenant.TenantView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The platform-wide provider from the environment: checked at start, and used only by the tenants it names. */
class PlatformProviderTests {

    /** No tenant has a provider of its own here. */
    private static final SsoConfigRepository NONE_OWN = new SsoConfigRepository(null) {
        @Override
        Optional<Row> find(UUID tenantId) {
            return Optional.empty();
        }
    };

    private static SsoProperties properties(SsoProperties.Platform platform) {
        return new SsoProperties(
                null,
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                DataSize.ofKilobytes(512),
                Duration.ofHours(1),
                Duration.ofSeconds(60),
                "/admin",
                true,
                platform);
    }

    private static SsoProperties.Platform platform(String clientId, List<String> mapping, List<String> tenants) {
        return new SsoProperties.Platform(
                "https://idp.example.test",
                clientId,
                "platform-secret",
                "client_secret_post",
                List.of("openid", "email"),
                "groups",
                mapping,
                null,
                true,
                tenants);
    }

    private static SsoConfigService service(SsoProperties.Platform platform) {
        return new SsoConfigService(NONE_OWN, null, null, null, null, properties(platform));
    }

    private static TenantView tenant(String slug) {
        return new TenantView(UUID.randomUUID(), slug, slug, "active", Instant.EPOCH);
    }

    @Test
    void itServesOnlyTheTenantsItNamesAndMapsGroupsFromGroupEqualsRoleEntries() {
        SsoConfigService configs = service(platform("bl1nk", List.of("eng=developer", "ops = admin"), List.of("acme")));

        SsoProvider provider = configs.providerFor(tenant("acme")).orElseThrow();

        assertThat(provider.source()).isEqualTo("platform");
        assertThat(provider.roleFor(List.of("ops", "eng"))).hasValue("admin");
        assertThat(provider.roleFor(List.of("sales"))).isEmpty();
        assertThat(provider.toString()).doesNotContain("platform-secret");
        assertThat(configs.providerFor(tenant("globex"))).isEmpty();
        assertThat(service(platform("bl1nk", List.of(), List.of("*"))).providerFor(tenant("globex")))
                .isPresent();
    }

    @Test
    void aBadPlatformProviderStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> service(platform(" ", List.of("eng=wizard"), List.of("*"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client-id (BL1NK_SSO_CLIENT_ID)")
                .hasMessageContaining("role-mapping entry 'eng=wizard'");
    }
}
