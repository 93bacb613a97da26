import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * CPU cost of the ES256 identity tokens on one core: mint (gateway or a calling service) and verify (the callee).
 * Run with bench/identity/run.sh; prints microseconds per operation after a warm-up.
 */
public class TokenBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        WorkloadKey gateway = WorkloadKey.generate("gateway");
        IdentityTokenCodec signer =
                new IdentityTokenCodec("gateway", gateway, TrustedKeys.of(List.of()), Duration.ofMinutes(5), Clock.systemUTC());
        IdentityTokenCodec verifier = IdentityTokenCodec.verifier("task", TrustedKeys.of(List.of(gateway)), Clock.systemUTC());
        // fresh: every token for another identity (nothing reused); cached: the same identity again (reused token)
        Identity[] identities = new Identity[n];
        for (int i = 0; i < n; i++) {
            identities[i] = new Identity(UUID.randomUUID(), "key:" + i, Set.of("developer"), Set.of(), null);
        }
        for (int i = 0; i < n / 2; i++) { // warm-up
            verifier.verify(signer.mint(new Identity(UUID.randomUUID(), "key:w", Set.of(), Set.of(), null), "task"));
        }
        String[] tokens = new String[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tokens[i] = signer.mint(identities[i], "task");
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            verifier.verify(tokens[i]);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            verifier.verify(signer.mint(identities[0], "task"));
        }
        long t3 = System.nanoTime();
        System.out.printf("ES256 mint, fresh:          %.1f µs/op (%d ops)%n", (t1 - t0) / 1e3 / n, n);
        System.out.printf("ES256 verify, fresh:        %.1f µs/op%n", (t2 - t1) / 1e3 / n);
        System.out.printf("mint+verify, reused token:  %.2f µs/op%n", (t3 - t2) / 1e3 / n);
        System.out.printf("token length: %d bytes%n", tokens[0].length());
    }
}
