package com.bl1nk.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ConfigStoreTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bl1nk_ab12cd34_secretsecretsecret";

    @TempDir
    Path home;

    @Test
    void theLoginIsStoredReadableByItsOwnerOnly() throws IOException {
        Path file = ConfigStore.fileFor(Map.of("HOME", home.toString()));
        new ConfigStore(file, Map.of(), JSON).save("http://h:9", KEY);

        assertThat(file).isEqualTo(home.resolve(".config/bl1nk/config.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        Credentials c = new ConfigStore(file, Map.of(), JSON).resolve(null);
        assertThat(c.url()).isEqualTo("http://h:9");
        assertThat(c.key()).isEqualTo(KEY);
    }

    @Test
    void theEnvironmentWinsOverTheFileAndTheFlagOverBoth() throws IOException {
        Path file = home.resolve("c.json");
        new ConfigStore(file, Map.of(), JSON).save("http://file", "bl1nk_f_file");
        Map<String, String> env = Map.of("BL1NK_URL", "http://env", "BL1NK_API_KEY", "bl1nk_e_env");

        Credentials fromEnv = new ConfigStore(file, env, JSON).resolve(null);
        assertThat(fromEnv.url()).isEqualTo("http://env");
        assertThat(fromEnv.key()).isEqualTo("bl1nk_e_env");
        assertThat(fromEnv.keySource()).isEqualTo("BL1NK_API_KEY");
        assertThat(new ConfigStore(file, env, JSON).resolve("http://flag").url())
                .isEqualTo("http://flag");
    }

    @Test
    void withNothingConfiguredTheUrlIsTheLocalGatewayAndThereIsNoKey() {
        Credentials c = new ConfigStore(home.resolve("none.json"), Map.of(), JSON).resolve(null);

        assertThat(c.url()).isEqualTo("http://localhost:8080");
        assertThat(c.key()).isNull();
        assertThat(c.urlSource()).isEqualTo("the default");
    }

    @Test
    void xdgConfigHomeAndAnExplicitFileAreHonoured() {
        assertThat(ConfigStore.fileFor(Map.of("XDG_CONFIG_HOME", "/x"))).isEqualTo(Path.of("/x/bl1nk/config.json"));
        assertThat(ConfigStore.fileFor(Map.of("BL1NK_CONFIG", "/y/c.json"))).isEqualTo(Path.of("/y/c.json"));
    }

    @Test
    void logoutForgetsTheKeyButKeepsTheUrl() throws IOException {
        ConfigStore store = new ConfigStore(home.resolve("c.json"), Map.of(), JSON);
        store.save("http://h", KEY);

        assertThat(store.forgetKey()).isTrue();
        assertThat(store.forgetKey()).isFalse();
        assertThat(store.read()).containsExactly(Map.entry("url", "http://h"));
    }

    @Test
    void aMaskedKeyShowsOnlyItsPublicPrefix() {
        assertThat(Credentials.mask(KEY)).isEqualTo("bl1nk_ab12cd34_…");
        assertThat(Credentials.mask("something-else")).isEqualTo("…");
        assertThat(new Credentials("u", KEY, "a", "b").toString()).doesNotContain("secret");
    }
}
