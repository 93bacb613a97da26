package com.bl1nk.gateway.people;

import com.bl1nk.gateway.web.FieldErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing (Argon2id) and the password policy: 12 to 128 characters, not one of the bundled common or
 * breached passwords, not containing the e-mail's local part, and, when configured, not known to a Pwned-Passwords
 * range API. Blocking (hashing takes tens of milliseconds on purpose): call it off the event loop.
 */
@Component
public class Passwords {

    /** Shortest password accepted. */
    public static final int MIN_LENGTH = 12;

    /** Longest password accepted (bounds the hashing work one request can cause). */
    public static final int MAX_LENGTH = 128;

    private static final Logger log = LoggerFactory.getLogger(Passwords.class);

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final Set<String> common = load("/people/common-passwords.txt");
    private final PeopleProperties properties;
    private final HttpClient http;

    /** A hash of nothing anyone knows, verified against when the e-mail is unknown so both answers take as long. */
    private final String decoy;

    Passwords(PeopleProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.pwnedPasswordsTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.decoy = encoder.encode(LinkTokens.generate());
    }

    /** The stored form of {@code password}. */
    public String hash(String password) {
        return encoder.encode(password);
    }

    /**
     * Whether {@code password} matches {@code storedHash}; with a {@code null} hash (unknown user, or one without a
     * password) it still does the same work and answers false.
     */
    public boolean matches(String password, String storedHash) {
        if (password == null || password.length() > MAX_LENGTH) {
            encoder.matches("", decoy);
            return false;
        }
        if (storedHash == null) {
            encoder.matches(password, decoy);
            return false;
        }
        return encoder.matches(password, storedHash);
    }

    /** Adds to {@code errors} under {@code field} what is wrong with {@code password} for the user {@code email}. */
    public void check(String password, String email, String field, FieldErrors errors) {
        if (password == null || password.isEmpty()) {
            errors.add(field, "must not be blank");
            return;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            errors.add(field, "is too short: use at least " + MIN_LENGTH + " characters");
            return;
        }
        if (length > MAX_LENGTH) {
            errors.add(field, "is too long: use at most " + MAX_LENGTH + " characters");
            return;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            errors.add(field, "is on the list of common or breached passwords; choose another");
            return;
        }
        String local = email == null || email.indexOf('@') < 0
                ? null
                : email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        if (local != null && local.length() >= 3 && lower.contains(local)) {
            errors.add(field, "must not contain the e-mail address's name ('" + local + "')");
            return;
        }
        if (properties.pwnedPasswordsUrl() != null && pwned(password)) {
            errors.add(field, "appears in known data breaches (Pwned Passwords); choose another");
        }
    }

    /** Asks the range API with the first 5 hex digits of the SHA-1; any failure counts as not found. */
    private boolean pwned(String password) {
        String sha1 = sha1(password);
        String prefix = sha1.substring(0, 5);
        String suffix = sha1.substring(5);
        String base = properties.pwnedPasswordsUrl().toString();
        URI uri = URI.create(base.endsWith("/") ? base + prefix : base + "/" + prefix);
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(properties.pwnedPasswordsTimeout())
                            .header("Add-Padding", "true")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.US_ASCII))) {
                if (response.statusCode() != 200) {
                    log.warn("Pwned-Passwords range API answered {}; not checking", response.statusCode());
                    return false;
                }
                String line;
                // 64 KiB of lines at most: a range answer has about a thousand
                int budget = 4096;
                while ((line = reader.readLine()) != null && budget-- > 0) {
                    int colon = line.indexOf(':');
                    if (colon == 35 && line.substring(0, colon).equalsIgnoreCase(suffix)) {
                        String count = line.substring(colon + 1).strip();
                        return !count.equals("0");
                    }
                }
                return false;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Pwned-Passwords range API unavailable; not checking: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha1(String password) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (InputStream in = Passwords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String word = line.strip();
                    if (!word.isEmpty() && !word.startsWith("#")) {
                        words.add(word.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
