package com.bl1nk.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTests {

    @Test
    void generatedKeysRoundTripThroughParse() {
        ApiKeyToken token = ApiKeyToken.generate();

        assertThat(token.value()).matches("^bl1nk_[a-z0-9]{12}_[A-Za-z0-9]{49}$");
        assertThat(ApiKeyToken.parse(token.value())).contains(token);
        assertThat(token.checksummed()).isTrue();
    }

    @Test
    void theScannerRegexFindsEveryNewlyIssuedKeyInText() {
        Pattern scanner = Pattern.compile(ApiKeyToken.SCANNER_REGEX);
        for (int i = 0; i < 2000; i++) {
            String key = ApiKeyToken.generate().value();
            Matcher m = scanner.matcher("export BL1NK_API_KEY=\"" + key + "\" # leaked");
            assertThat(m.find()).as(key).isTrue();
            assertThat(m.group()).isEqualTo(key);
        }
    }

    @Test
    void theScannerRegexAndTheChecksumRejectRandomText() {
        Pattern scanner = Pattern.compile(ApiKeyToken.SCANNER_REGEX);
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        int sameShape = 0;
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < 120; c++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(scanner.matcher(text).find()).as(text.toString()).isFalse();
            // random text of exactly the key's shape passes the regex but not the checksum
            String lookalike = "bl1nk_" + lower(random, 12) + "_" + base62(random, 49);
            assertThat(scanner.matcher(lookalike).matches()).isTrue();
            if (ApiKeyToken.shape(lookalike) == ApiKeyToken.Shape.BAD_CHECKSUM) {
                sameShape++;
            }
        }
        assertThat(sameShape)
                .as("CRC32 lets about 1 in 4 billion random lookalikes through")
                .isEqualTo(2000);
        assertThat(scanner.matcher("bl1nk_abcdefghijkl_" + "a".repeat(43)).find())
                .as("a key from before the checksum is not what scanners report")
                .isFalse();
    }

    @Test
    void aWrongChecksumIsRefusedButOldKeysStillParse() {
        ApiKeyToken token = ApiKeyToken.generate();
        String value = token.value();
        char last = value.charAt(value.length() - 1);
        String tampered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
        String flippedSecret = value.substring(0, 20) + (value.charAt(20) == 'x' ? 'y' : 'x') + value.substring(21);

        assertThat(ApiKeyToken.shape(tampered)).isEqualTo(ApiKeyToken.Shape.BAD_CHECKSUM);
        assertThat(ApiKeyToken.parse(tampered)).isEmpty();
        assertThat(ApiKeyToken.shape(flippedSecret)).isEqualTo(ApiKeyToken.Shape.BAD_CHECKSUM);
        ApiKeyToken legacy =
                ApiKeyToken.parse("bl1nk_abcdefghijkl_" + "a".repeat(43)).orElseThrow();
        assertThat(legacy.checksummed()).isFalse();
        assertThat(legacy.secret()).isEqualTo("a".repeat(43));
        assertThat(legacy.value()).isEqualTo("bl1nk_abcdefghijkl_" + "a".repeat(43));
        assertThat(ApiKeyToken.parse(value).orElseThrow().secret()).isEqualTo(token.secret());
    }

    private static String lower(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return sb.toString();
    }

    private static String base62(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(62)));
        }
        return sb.toString();
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
