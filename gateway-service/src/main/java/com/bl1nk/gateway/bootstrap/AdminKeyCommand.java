package com.bl1nk.gateway.bootstrap;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar gateway.jar admin-key <file>}: starts the gateway privately (random loopback ports, no bootstrap,
 * no audit writer), writes a fresh platform-admin key to {@code <file>} (mode 600), or with {@code --first-user} a fresh
 * first-user sign-up link, and exits; what {@code ./bl1nk admin-key [--first-user]} runs on the host.
 */
@Component
@ConditionalOnProperty(prefix = "bl1nk.gateway.admin-key", name = "out")
public class AdminKeyCommand implements ApplicationRunner {

    /** The first program argument that selects this command. */
    public static final String NAME = "admin-key";

    private static final Logger log = LoggerFactory.getLogger(AdminKeyCommand.class);

    /**
     * Set only by {@link #run(Class, String[])}: configuration alone (say {@code BL1NK_GATEWAY_ADMINKEY_OUT} left in a
     * gateway's environment) must never make a serving gateway mint a platform-admin key at every start.
     */
    private static final AtomicBoolean INVOKED_AS_COMMAND = new AtomicBoolean();

    private final AdminKeyRecovery recovery;
    private final Path out;
    private final String operator;
    private final boolean firstUser;

    AdminKeyCommand(AdminKeyRecovery recovery, AdminKeyProperties properties) {
        this.recovery = recovery;
        this.out = properties.out();
        this.operator = properties.operator();
        this.firstUser = properties.firstUser();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!INVOKED_AS_COMMAND.get()) {
            log.warn("bl1nk.gateway.admin-key.out is set, but this gateway was not started as the admin-key command;"
                    + " no key was issued (run ./bl1nk admin-key on the host instead)");
            return;
        }
        try (TraceContext.Scope ignored = TraceContext.openNewRoot()) {
            if (firstUser) {
                BootstrapAdmin.writeKeyFile(out, recovery.issueFirstUserLink(operator));
                log.info("Issued a first-user sign-up link; it is in {}", out);
                return;
            }
            CreatedApiKey key = recovery.issue(operator);
            BootstrapAdmin.writeKeyFile(out, key.key());
            log.info(
                    "Issued platform-admin key bl1nk_{}… for tenant {}; the key is in {}",
                    key.prefix(),
                    key.tenantId(),
                    out);
        }
    }

    /**
     * Runs the command: {@code args[0]} is {@value #NAME}, {@code args[1]} the file the key (or, with
     * {@code --first-user}, the first-user link) is written to.
     */
    public static int run(Class<?> application, String[] args) {
        if (args.length < 2 || args[1].isBlank() || args[1].startsWith("--")) {
            System.err.println(
                    "usage: java -jar gateway-service.jar admin-key <file the new key is written to> [--first-user]");
            return 2;
        }
        // Command-line properties win over the environment the gateway normally runs with (its ports, its bootstrap).
        List<String> forced = List.of(
                "--bl1nk.gateway.admin-key.out=" + args[1],
                "--bl1nk.gateway.bootstrap.enabled=false",
                "--bl1nk.gateway.bootstrap.key-file=" + args[1],
                "--bl1nk.gateway.audit.writer-enabled=false",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.port=0",
                "--management.server.address=127.0.0.1");
        List<String> all = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(2, args.length)) {
            all.add(arg.equals("--first-user") ? "--bl1nk.gateway.admin-key.first-user=true" : arg);
        }
        all.addAll(forced);
        INVOKED_AS_COMMAND.set(true);
        try {
            ConfigurableApplicationContext context =
                    new SpringApplicationBuilder(application).run(all.toArray(String[]::new));
            return SpringApplication.exit(context);
        } finally {
            INVOKED_AS_COMMAND.set(false);
        }
    }
}
