package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlGuard;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuerRulesTests {

    private static final UrlGuard PRODUCTION = new UrlGuard(new NetGuardProperties(List.of(), false));
    private static final UrlGuard LOOPBACK_ALLOWLISTED =
            new UrlGuard(new NetGuardProperties(List.of("127.0.0.1"), false));

    @Test
    void aLoopbackIssuerIsRefusedUnlessTheOperatorAllowlistedIt() {
        assertThat(IssuerRules.problem(PRODUCTION, "http://127.0.0.1:9000"))
                .contains("loopback")
                .contains("bl1nk.net.allowed-hosts");
        assertThat(IssuerRules.problem(LOOPBACK_ALLOWLISTED, "http://127.0.0.1:9000"))
                .isNull();
    }

    @Test
    void aPublicIssuerMustUseHttpsEvenWithAnAllowlist() {
        assertThat(IssuerRules.problem(LOOPBACK_ALLOWLISTED, "http://93.184.215.14/realms/x"))
                .contains("https");
        assertThat(IssuerRules.problem(PRODUCTION, "https://93.184.215.14/realms/x"))
                .isNull();
    }

    @Test
    void anIssuerWithAQueryUserInfoOrOtherSchemeIsRefused() {
        assertThat(IssuerRules.problem(PRODUCTION, "https://93.184.215.14/?tenant=a"))
                .contains("query");
        assertThat(IssuerRules.problem(PRODUCTION, "https://user@93.184.215.14/"))
                .contains("user info");
        assertThat(IssuerRules.problem(PRODUCTION, "ftp://93.184.215.14/")).contains("http");
        assertThat(IssuerRules.problem(PRODUCTION, "")).contains("blank");
    }

    @Test
    void metadataAddressesAreRefusedWhatever() {
        assertThat(IssuerRules.problem(LOOPBACK_ALLOWLISTED, "https://169.254.169.254/"))
                .contains("link-local");
    }
}
