package com.bl1nk.gateway.audit;

import com.bl1nk.gateway.audit.AuditVerification.BrokenLink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar gateway.jar audit-verify [tenant]}: starts the gateway privately (random loopback ports, no
 * bootstrap, no audit writer), verifies the audit chain of one tenant (id or slug) or of every tenant that has one,
 * prints a line per tenant and exits 0 when all are intact, 1 when one is not; what {@code ./bl1nk audit verify} runs.
 */
@Component
@ConditionalOnProperty(prefix = "bl1nk.gateway.audit.verify-command", name = "enabled")
public class AuditVerifyCommand implements ApplicationRunner, ExitCodeGenerator {

    /** The first program argument that selects this command. */
    public static final String NAME = "audit-verify";

    private final AuditVerifier verifier;
    private final AuditRepository repository;
    private final JdbcClient jdbc;
    private final String tenant;
    private final PrintStream out = System.out;
    private int exitCode;

    AuditVerifyCommand(
            AuditVerifier verifier,
            AuditRepository repository,
            JdbcClient jdbc,
            @Value("${bl1nk.gateway.audit.verify-command.tenant:}") String tenant) {
        this.verifier = verifier;
        this.repository = repository;
        this.jdbc = jdbc;
        this.tenant = tenant;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<UUID> tenants;
        if (tenant.isBlank()) {
            tenants = repository.chainedTenants();
        } else {
            Optional<UUID> id = resolve(tenant.strip());
            if (id.isEmpty()) {
                out.println("audit verify: no tenant with id or slug '" + tenant.strip() + "'");
                exitCode = 2;
                return;
            }
            tenants = List.of(id.get());
        }
        if (tenants.isEmpty()) {
            out.println("audit verify: no tenant has audit events yet");
        }
        for (UUID id : tenants) {
            AuditVerification result = verifier.verify(id);
            out.println(describe(result));
            if (!result.intact()) {
                exitCode = 1;
            }
        }
    }

    /** One line saying what verifying a chain found. */
    static String describe(AuditVerification result) {
        String counts = result.chainedEvents() + " events, " + result.checkpoints() + " signed checkpoints"
                + (result.newestCheckpointSeq() == null
                        ? ""
                        : " (newest covers #" + result.newestCheckpointSeq() + ", " + result.newestCheckpointAt() + ")")
                + (result.unchainedEvents() > 0 ? ", " + result.unchainedEvents() + " older events not chained" : "");
        if (result.intact()) {
            return "intact  tenant " + result.tenantId() + ": " + counts;
        }
        BrokenLink broken = result.firstBrokenLink();
        return "BROKEN  tenant " + result.tenantId() + " at event #" + broken.seq()
                + (broken.eventId() == null ? "" : " (event id " + broken.eventId() + ")") + ": " + broken.problem()
                + ": " + broken.detail() + "; intact through #" + result.verifiedThroughSeq() + "; " + counts;
    }

    private Optional<UUID> resolve(String value) {
        try {
            UUID id = UUID.fromString(value);
            return Optional.of(id);
        } catch (IllegalArgumentException notAnId) {
            return jdbc.sql("select id from identity.tenants where slug = :slug")
                    .param("slug", value)
                    .query(UUID.class)
                    .optional();
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /** Runs the command: {@code args[0]} is {@value #NAME}, {@code args[1]}, when present, the tenant. */
    public static int run(Class<?> application, String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        String tenant = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.remove(0) : "";
        List<String> forced = List.of(
                "--bl1nk.gateway.audit.verify-command.enabled=true",
                "--bl1nk.gateway.audit.verify-command.tenant=" + tenant,
                "--bl1nk.gateway.bootstrap.enabled=false",
                "--bl1nk.gateway.audit.writer-enabled=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=ERROR",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.port=0",
                "--management.server.address=127.0.0.1");
        rest.addAll(forced);
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(application).run(rest.toArray(String[]::new));
        return SpringApplication.exit(context);
    }
}
