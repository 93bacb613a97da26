package com.bl1nk.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTests {

    @Test
    void generatedKeysRoundTripThroughParse() {
        ApiKeyToken token = ApiKeyToken.generate();

        assertThat(token.value()).matches("^bl1nk_[a-z0-9]{12}_[A-Za-z0-9]{43}$");
        assertThat(ApiKeyToken.parse(token.value())).contains(token);
    }

    @Test
    void generatedKeysAreUnique() {
        Set<String> prefixes = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiKeyToken token = ApiKeyToken.generate();
            prefixes.add(token.prefix());
            secrets.add(token.secret());
        }
        assertThat(prefixes).hasSize(1000);
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void rejectsAnythingThatIsNotABl1nkKey() {
        for (String value : new String[] {
            null,
            "",
            "bl1nk_",
            "sk-abcdef",
            "bl1nk_abc_" + "a".repeat(43),
            "bl1nk_ABCDEFGHIJKL_" + "a".repeat(43),
            "bl1nk_abcdefghijkl_" + "a".repeat(10),
            "bl1nk_abcdefghijkl_" + "a".repeat(42) + "-",
            " bl1nk_abcdefghijkl_" + "a".repeat(43),
            "bl1nk_abcdefghijkl_" + "a".repeat(43) + "\n"
        }) {
            assertThat(ApiKeyToken.parse(value)).as(String.valueOf(value)).isEmpty();
        }
    }

    @Test
    void matchesOnlyTheHashOfItsOwnSecret() {
        ApiKeyToken token = ApiKeyToken.generate();
        ApiKeyToken other = ApiKeyToken.generate();

        assertThat(token.secretHash()).matches("^[0-9a-f]{64}$");
        assertThat(token.matches(token.secretHash())).isTrue();
        assertThat(token.matches(other.secretHash())).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("not hex")).isFalse();
        assertThat(token.matches("zz".repeat(32))).isFalse();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ApiKeyToken token = ApiKeyToken.generate();

        assertThat(token.toString()).startsWith("bl1nk_" + token.prefix()).doesNotContain(token.secret());
    }
}
