import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * rag-service benchmark against a running instance: embeddings/s (single and batched, through POST /v1/embeddings),
 * ingestion chunks/s for a real corpus (Debian's python3.11-doc HTML), retrieval quality (hit@5, MRR@10) for vector,
 * keyword and hybrid over a hand-written question set, and query p50/p95 per mode with the knowledge base grown to
 * 100k chunks. JDK only: {@code java RagBench.java --base=... --keys=... --db=...} (run.sh does all of it).
 *
 * <p>Identity tokens are ES256 caller tokens as the gateway mints them for rag-service: signed with the gateway's key
 * ({@code <keys>/gateway.pem}, written by bench/keys.sh), {@code aud} rag.
 */
public class RagBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static WorkloadSigner gateway;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                opt.put(a.substring(2), "true"); // a bare flag such as --latency-only
            } else {
                opt.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        base = opt.get("base");
        String keys = opt.get("keys");
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("--keys=<dir> must name the workload key directory (bench/keys.sh <dir>)");
        }
        gateway = WorkloadSigner.read("gateway", Path.of(keys, "gateway.pem"));
        String db = opt.get("db");
        Path corpus = Path.of(opt.getOrDefault("corpus", "/usr/share/doc/python3.11/html"));
        List<String> dirs = List.of(opt.getOrDefault("dirs", "library,tutorial,howto,faq,reference,using").split(","));
        Path questions = Path.of(opt.getOrDefault("questions", "bench/rag/questions.tsv"));
        int latencyChunks = Integer.parseInt(opt.getOrDefault("latency-chunks", "100000"));
        int latencyQueries = Integer.parseInt(opt.getOrDefault("latency-queries", "200"));
        int uploaders = Integer.parseInt(opt.getOrDefault("uploaders", "4"));

        String corpusToken = mint(UUID.randomUUID());
        Map<String, String> report = new LinkedHashMap<>();
        if (opt.containsKey("latency-only")) {
            // Re-measure latency on a database kept from a full run (KEEP_DB=1), after a retrieval change.
            String[] row = psqlValue(db, "select tenant_id || ' ' || id from rag.knowledge_bases where name = 'latency'")
                    .split(" ");
            List<String[]> qs = readQuestions(questions);
            String latency = latency(mint(UUID.fromString(row[0])), row[1], qs, latencyQueries);
            int total = Integer.parseInt(psqlValue(db, "select count(*) from rag.chunks where knowledge_base_id = '"
                    + row[1] + "'"));
            System.out.println("query latency at " + total + " chunks:\n" + latency);
            return;
        }

        // 1. Embeddings per second through the OpenAI-compatible endpoint.
        for (int i = 0; i < 5; i++) {
            post(corpusToken, "/v1/embeddings", "{\"input\":\"warm up " + i + "\"}");
        }
        int single = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < single; i++) {
            post(corpusToken, "/v1/embeddings", "{\"input\":\"sentence number " + i + " about python modules\"}");
        }
        double singlePerSec = single / secondsSince(t0);
        int batches = 30;
        int batchSize = 32;
        t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            StringBuilder input = new StringBuilder("[");
            for (int i = 0; i < batchSize; i++) {
                input.append(i == 0 ? "" : ",").append("\"batch ").append(b).append(" sentence ").append(i)
                        .append(" about the standard library\"");
            }
            post(corpusToken, "/v1/embeddings", "{\"input\":" + input + "]}");
        }
        double batchedPerSec = batches * batchSize / secondsSince(t0);
        report.put("embeddings/s single (1 input per request)", fmt(singlePerSec));
        report.put("embeddings/s batched (32 inputs per request)", fmt(batchedPerSec));
        System.out.printf("embeddings/s: single %.0f, batched %.0f%n", singlePerSec, batchedPerSec);

        // 2. Ingest the corpus.
        String kb = field(post(corpusToken, "/api/v1/knowledge-bases", "{\"name\":\"python-docs\"}"), "id");
        List<Path> files = new ArrayList<>();
        for (String dir : dirs) {
            try (Stream<Path> s = Files.list(corpus.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
            }
        }
        System.out.printf("ingesting %d HTML pages from %s%n", files.size(), corpus);
        Instant ingestStart = Instant.now();
        AtomicInteger rejected = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(uploaders)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Path file : files) {
                futures.add(pool.submit(() -> {
                    String name = corpus.relativize(file).toString();
                    HttpResponse<String> r = upload(corpusToken, "/api/v1/knowledge-bases/" + kb + "/documents", name,
                            Files.readAllBytes(file));
                    if (r.statusCode() >= 300) {
                        rejected.incrementAndGet();
                        System.out.println("  rejected " + name + ": " + r.statusCode() + " " + r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double uploadSeconds = Duration.between(ingestStart, Instant.now()).toMillis() / 1000.0;
        int[] status;
        while (true) {
            status = documentStatus(corpusToken, kb);
            if (status[0] + status[1] >= files.size() - rejected.get()) {
                break;
            }
            Thread.sleep(1000);
        }
        double ingestSeconds = Duration.between(ingestStart, Instant.now()).toMillis() / 1000.0;
        int chunks = status[2];
        report.put("corpus", files.size() + " pages, " + chunks + " chunks (" + status[1] + " failed, "
                + rejected.get() + " rejected)");
        report.put("upload+parse time (s)", fmt(uploadSeconds));
        report.put("ingestion chunks/s (upload → all ready)", fmt(chunks / ingestSeconds));
        System.out.printf("ingested %d chunks in %.1f s: %.1f chunks/s%n", chunks, ingestSeconds, chunks / ingestSeconds);

        // 3. Quality.
        List<String[]> qs = readQuestions(questions);
        StringBuilder quality = new StringBuilder();
        quality.append(String.format("%-8s %7s %7s%n", "mode", "hit@5", "MRR@10"));
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            double hits = 0;
            double rr = 0;
            for (String[] q : qs) {
                List<String> expected = Arrays.asList(q[1].split(","));
                List<String> docs = resultDocuments(post(corpusToken, "/api/v1/knowledge-bases/" + kb + "/query",
                        "{\"query\":" + json(q[0]) + ",\"mode\":\"" + mode + "\",\"topK\":10}"));
                int rank = 0;
                for (int i = 0; i < docs.size(); i++) {
                    if (expected.contains(docs.get(i))) {
                        rank = i + 1;
                        break;
                    }
                }
                if (rank > 0 && rank <= 5) {
                    hits++;
                }
                if (rank > 0) {
                    rr += 1.0 / rank;
                }
            }
            quality.append(String.format("%-8s %7.3f %7.3f%n", mode, hits / qs.size(), rr / qs.size()));
        }
        System.out.println("quality over " + qs.size() + " questions:\n" + quality);

        // 4. Latency at latencyChunks chunks: a second tenant's knowledge base filled with perturbed copies of the
        //    corpus chunks (real text for keyword search, near-real vectors for HNSW), queried through the API.
        String latencyToken = mint(UUID.randomUUID());
        String latencyKb = field(post(latencyToken, "/api/v1/knowledge-bases", "{\"name\":\"latency\"}"), "id");
        String seedDoc = field(post(latencyToken, "/api/v1/knowledge-bases/" + latencyKb + "/documents/text",
                "{\"name\":\"seed.txt\",\"text\":\"seed document for the latency benchmark\"}"), "id");
        while (documentStatus(latencyToken, latencyKb)[0] < 1) {
            Thread.sleep(200);
        }
        System.out.printf("growing knowledge base to %d chunks (HNSW inserts take a few minutes)%n", latencyChunks);
        long fillStart = System.nanoTime();
        psql(db, """
                insert into rag.chunks (id, tenant_id, knowledge_base_id, document_id, version, chunk_index, content,
                  heading_path, heading_text, page, start_offset, end_offset, token_count, metadata, dimension, embedding)
                with src as (
                  select row_number() over (order by id) - 1 as rn, content, heading_path, heading_text, token_count,
                         embedding::vector(384) as e
                  from rag.chunks where knowledge_base_id = '%s'),
                n as (select count(*) as total from src)
                select gen_random_uuid(), d.tenant_id, d.knowledge_base_id, d.id, 1, g.i, s.content, s.heading_path,
                       s.heading_text, null, 0, length(s.content), s.token_count, '{}'::jsonb, 384,
                       s.e + (select array_agg((random() - 0.5) * 0.04)::vector(384) from generate_series(1, 384) x
                              where g.i > 0)
                from generate_series(1, %d) g(i)
                cross join n
                join src s on s.rn = g.i %% n.total
                join rag.documents d on d.id = '%s';
                update rag.documents set chunk_count = %d + 1 where id = '%s';
                analyze rag.chunks;
                """.formatted(kb, latencyChunks, seedDoc, latencyChunks, seedDoc));
        System.out.printf("filled in %.0f s%n", secondsSince(fillStart));
        String latency = latency(latencyToken, latencyKb, qs, latencyQueries);
        System.out.println("query latency at " + (latencyChunks + 1) + " chunks in the knowledge base ("
                + (latencyChunks + 1 + chunks) + " in the table), topK 10, " + latencyQueries + " queries per mode:\n"
                + latency);

        System.out.println("==== rag-service benchmark ====");
        report.forEach((k, v) -> System.out.printf("%-48s %s%n", k, v));
        System.out.println("\nretrieval quality (" + qs.size() + " questions, python3.11-doc):\n" + quality);
        System.out.println("query latency at " + (latencyChunks + 1) + " chunks:\n" + latency);
    }

    static String latency(String token, String kb, List<String[]> qs, int latencyQueries) throws Exception {
        StringBuilder latency = new StringBuilder();
        latency.append(String.format("%-8s %8s %8s %8s%n", "mode", "p50 ms", "p95 ms", "mean ms"));
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            for (int i = 0; i < 20; i++) {
                post(token, "/api/v1/knowledge-bases/" + kb + "/query",
                        "{\"query\":" + json(qs.get(i % qs.size())[0]) + ",\"mode\":\"" + mode + "\",\"topK\":10}");
            }
            double[] ms = new double[latencyQueries];
            int returned = 0;
            for (int i = 0; i < latencyQueries; i++) {
                String q = qs.get(i % qs.size())[0] + (i >= qs.size() ? " " + i : "");
                long s = System.nanoTime();
                String body = post(token, "/api/v1/knowledge-bases/" + kb + "/query",
                        "{\"query\":" + json(q) + ",\"mode\":\"" + mode + "\",\"topK\":10}");
                ms[i] = (System.nanoTime() - s) / 1e6;
                returned += resultDocuments(body).size();
            }
            Arrays.sort(ms);
            latency.append(String.format("%-8s %8.1f %8.1f %8.1f   (avg %.1f results of 10)%n", mode,
                    ms[(int) (ms.length * 0.50)], ms[(int) (ms.length * 0.95)], Arrays.stream(ms).average().orElse(0),
                    returned / (double) latencyQueries));
        }
        return latency.toString();
    }

    static List<String[]> readQuestions(Path questions) throws IOException {
        List<String[]> qs = new ArrayList<>();
        for (String line : Files.readAllLines(questions)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                qs.add(line.split("\t"));
            }
        }
        return qs;
    }

    static String psqlValue(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", sql, "-d", db)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    /** [ready, failed, chunk sum] over every page of the document list. */
    static int[] documentStatus(String token, String kb) throws Exception {
        int ready = 0;
        int failed = 0;
        int chunks = 0;
        String cursor = null;
        do {
            String body = get(token, "/api/v1/knowledge-bases/" + kb + "/documents?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            ready += count(body, "\"status\":\"ready\"");
            failed += count(body, "\"status\":\"failed\"");
            Matcher m = Pattern.compile("\"status\":\"ready\"[^}]*?\"chunkCount\":(\\d+)").matcher(body);
            while (m.find()) {
                chunks += Integer.parseInt(m.group(1));
            }
            Matcher c = Pattern.compile("\"nextCursor\":\"([^\"]+)\"").matcher(body);
            cursor = c.find() ? c.group(1) : null;
        } while (cursor != null);
        return new int[] {ready, failed, chunks};
    }

    static List<String> resultDocuments(String body) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"document\":\\{\"id\":\"[^\"]+\",\"name\":\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static void psql(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q",
                        "-d", db)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(sql.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
    }

    static String post(String token, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(120))
                        .header("X-Bl1nk-Identity", token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String get(String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("X-Bl1nk-Identity", token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> upload(String token, String path, String filename, byte[] bytes)
            throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: text/html\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(120))
                        .header("X-Bl1nk-Identity", token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A caller token as the gateway mints it for rag-service (tenant, owner role), valid for two hours. */
    static String mint(UUID tenant) throws Exception {
        return gateway.mint("rag", tenant, "service:rag-bench", List.of("owner"), Duration.ofHours(2));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    static String fmt(double d) {
        return String.format("%.1f", d);
    }

    /**
     * One workload's ES256 signing key, read from its PEM file (PKCS#8 PRIVATE KEY block, then its PUBLIC KEY block),
     * minting identity tokens by hand so the benchmark needs nothing but the JDK. The key id is
     * {@code <owner>.<first 16 characters, lower case, of the key's RFC 7638 thumbprint>}, as the services expect.
     */
    record WorkloadSigner(String owner, String keyId, PrivateKey privateKey) {

        static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

        static WorkloadSigner read(String owner, Path file) throws Exception {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            KeyFactory ec = KeyFactory.getInstance("EC");
            PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(pemBlock(pem, "PRIVATE KEY", file)));
            ECPublicKey publicKey =
                    (ECPublicKey) ec.generatePublic(new X509EncodedKeySpec(pemBlock(pem, "PUBLIC KEY", file)));
            String jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                    + B64.encodeToString(coordinate(publicKey.getW().getAffineX())) + "\",\"y\":\""
                    + B64.encodeToString(coordinate(publicKey.getW().getAffineY())) + "\"}";
            String thumbprint = B64.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
            return new WorkloadSigner(owner, owner + "." + thumbprint.substring(0, 16).toLowerCase(Locale.ROOT), privateKey);
        }

        static byte[] pemBlock(String pem, String type, Path file) {
            Matcher block = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
                    .matcher(pem);
            if (!block.find()) {
                throw new IllegalArgumentException(file + " has no " + type + " block");
            }
            return Base64.getMimeDecoder().decode(block.group(1));
        }

        /** A P-256 coordinate as 32 unsigned big-endian bytes. */
        static byte[] coordinate(BigInteger value) {
            byte[] raw = value.toByteArray();
            byte[] out = new byte[32];
            int length = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - length, out, 32 - length, length);
            return out;
        }

        /** A token issued by this workload for {@code audience}, acting as {@code subject} in {@code tenant}. */
        String mint(String audience, UUID tenant, String subject, List<String> roles, Duration ttl) throws Exception {
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\",\"typ\":\"bl1nk-identity+jwt\"}";
            String claims = "{\"iss\":\"" + owner + "\",\"aud\":[\"" + audience + "\"],\"sub\":\"" + subject
                    + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + ttl.toSeconds()) + ",\"jti\":\""
                    + UUID.randomUUID() + "\",\"tid\":\"" + tenant + "\",\"roles\":" + jsonArray(roles)
                    + ",\"scopes\":[]}";
            String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            // ES256 wants the signature as R || S (64 bytes), not DER
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(es256.sign());
        }

        static String jsonArray(List<String> values) {
            StringBuilder json = new StringBuilder("[");
            for (String value : values) {
                json.append(json.length() > 1 ? "," : "").append('"').append(value).append('"');
            }
            return json.append(']').toString();
        }
    }
}
