package com.bl1nk.testoidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A real OpenID Connect provider for the gateway's SSO integration tests: the Spring Authorization Server with OIDC,
 * form login and PKCE, on a random loopback port that it writes to {@code --bl1nk.test-oidc.port-file} once it
 * listens. Clients and users are registered by the test over {@code /test-admin/**} (see {@link TestAdminController}).
 */
@SpringBootApplication
public class TestOidcServer {

    public static void main(String[] args) {
        SpringApplication.run(TestOidcServer.class, args);
    }

    /** Tells the parent test JVM the port, atomically, so it never reads half a number. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> portFileWriter(Environment environment) {
        return event -> {
            String file = environment.getProperty("bl1nk.test-oidc.port-file");
            if (file == null || file.isBlank()) {
                return;
            }
            try {
                Path target = Path.of(file);
                Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "port", ".tmp");
                Files.writeString(temp, Integer.toString(event.getWebServer().getPort()));
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
