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
import java.util.Comparator;
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
 * ingestion chunks/s for a real corpus (Debian's python3.11-doc HTML), retrieval quality per mode and fusion variant
 * on two corpora (the Python docs with {@code questions.tsv}, a Thai corpus with {@code questions-th.tsv}) beside a
 * plain page-level BM25 baseline computed in the same run, and query p50/p95 per mode with the knowledge base grown
 * to many chunks. JDK only: {@code java RagBench.java --phase=sweep|check --base=... --keys=... --db=...} (run.sh
 * does all of it).
 *
 * <p>Phase {@code sweep} runs against a service started with {@code max-chunks-per-document=0}: for every question
 * it fetches the raw vector and keyword candidate lists (top 40, exactly the lists hybrid fuses) and computes every
 * fusion variant the service supports through its properties (RRF with its k, score fusion, the two weights, the
 * per-document cap) with the service's own formulas and tie-breaks, then picks the default by the numbers. Phase
 * {@code check} runs against the service at its committed defaults and measures vector, keyword and hybrid through
 * the API (which must equal the sweep's row for those defaults), then the latency set.
 *
 * <p>Identity tokens are ES256 caller tokens as the gateway mints them for rag-service: signed with the gateway's key
 * ({@code <keys>/gateway.pem}, written by bench/keys.sh), {@code aud} rag.
 */
public class RagBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static WorkloadSigner gateway;

    /** Candidates hybrid takes from each list at topK 10 (max(hybrid-candidates 40, 4·topK)). */
    static final int CANDIDATES = 40;
    static final int TOP_K = 10;
    static final double BM25_K1 = 1.2;
    static final double BM25_B = 0.75;

    record Question(String text, List<String> expected) {}

    /** A corpus: its knowledge base name, files, the names they are uploaded under, and its questions. */
    record Corpus(String label, Path root, List<Path> files, String contentType, boolean thai, List<Question> questions) {
        String nameOf(Path file) {
            return root.relativize(file).toString();
        }
    }

    /** One result chunk: enough to fuse, cap and score. */
    record Ranked(String chunkId, String documentId, String document, double score) {}

    record Metrics(double hit1, double hit5, double hit10, double mrr, double ndcg, double distinct) {}

    /**
     * A retrieval configuration: mode vector | keyword | rrf | score, the RRF k, the weights and the per-document
     * cap, i.e. bl1nk.rag.retrieval.{fusion, rrf-k, vector-weight, keyword-weight, max-chunks-per-document}.
     */
    record Config(String mode, int rrfK, double vectorWeight, double keywordWeight, int cap) {
        String label() {
            return switch (mode) {
                case "vector", "keyword" -> mode + " cap" + cap;
                case "rrf" -> "hybrid rrf k" + rrfK + " v" + fmtW(vectorWeight) + " k" + fmtW(keywordWeight) + " cap" + cap;
                default -> "hybrid score v" + fmtW(vectorWeight) + " k" + fmtW(keywordWeight) + " cap" + cap;
            };
        }

        boolean single() {
            return mode.equals("vector") || mode.equals("keyword");
        }
    }

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
        String phase = opt.getOrDefault("phase", "sweep");
        int latencyChunks = Integer.parseInt(opt.getOrDefault("latency-chunks", "100000"));
        int latencyQueries = Integer.parseInt(opt.getOrDefault("latency-queries", "200"));
        int uploaders = Integer.parseInt(opt.getOrDefault("uploaders", "4"));

        Path pyRoot = Path.of(opt.getOrDefault("corpus", "/usr/share/doc/python3.11/html"));
        List<Path> pyFiles = new ArrayList<>();
        for (String dir : opt.getOrDefault("dirs", "library,tutorial,howto,faq,reference,using").split(",")) {
            try (Stream<Path> s = Files.list(pyRoot.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(pyFiles::add);
            }
        }
        Path thRoot = Path.of(opt.getOrDefault("corpus-th", "bench/rag/corpus-th"));
        List<Path> thFiles;
        try (Stream<Path> s = Files.list(thRoot)) {
            thFiles = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        List<Corpus> corpora = List.of(
                new Corpus("python-docs", pyRoot, pyFiles, "text/html", false,
                        readQuestions(Path.of(opt.getOrDefault("questions", "bench/rag/questions.tsv")))),
                new Corpus("thai-policies", thRoot, thFiles, "text/markdown", true,
                        readQuestions(Path.of(opt.getOrDefault("questions-th", "bench/rag/questions-th.tsv")))));

        if (opt.containsKey("latency-only")) {
            // Re-measure latency on a database kept from a full run (KEEP_DB=1), after a retrieval change.
            String[] row = psqlValue(db, "select tenant_id || ' ' || id from rag.knowledge_bases where name = 'latency'")
                    .split(" ");
            String latency = latency(mint(UUID.fromString(row[0])), row[1], corpora.getFirst().questions(), latencyQueries);
            int total = Integer.parseInt(psqlValue(db, "select count(*) from rag.chunks where knowledge_base_id = '"
                    + row[1] + "'"));
            System.out.println("query latency at " + total + " chunks:\n" + latency);
            return;
        }

        Map<String, String> report = new LinkedHashMap<>();
        Map<String, String[]> kbs = new LinkedHashMap<>(); // corpus label -> tenant, kb id
        if (phase.equals("sweep") && !opt.containsKey("reuse")) {
            String tenant = UUID.randomUUID().toString();
            String token = mint(UUID.fromString(tenant));
            if (!opt.containsKey("no-throughput")) {
                throughput(token, report);
            }
            for (Corpus corpus : corpora) {
                kbs.put(corpus.label(), new String[] {tenant, ingest(token, corpus, uploaders, report)});
            }
        } else {
            for (Corpus corpus : corpora) {
                kbs.put(corpus.label(), psqlValue(db, "select tenant_id || ' ' || id from rag.knowledge_bases where name = '"
                        + corpus.label() + "' order by created_at desc limit 1").split(" "));
            }
        }

        StringBuilder out = new StringBuilder();
        if (phase.equals("sweep")) {
            out.append(sweep(corpora, kbs, opt.getOrDefault("sweep-out", "bench/rag/target/sweep.tsv")));
        } else {
            for (Corpus corpus : corpora) {
                String[] kb = kbs.get(corpus.label());
                String token = mint(UUID.fromString(kb[0]));
                Map<String, Metrics> rows = new LinkedHashMap<>();
                rows.put("plain BM25, whole pages (baseline)", bm25Baseline(corpus));
                for (String mode : List.of("vector", "keyword", "hybrid")) {
                    List<List<String>> lists = new ArrayList<>();
                    for (Question q : corpus.questions()) {
                        lists.add(names(query(token, kb[1], q.text(), mode, TOP_K)));
                    }
                    rows.put(mode + " (service defaults)", metrics(corpus.questions(), lists));
                }
                out.append(table(corpus, rows));
            }
            System.out.println(out);
            String[] py = kbs.get("python-docs");
            String latency = latencySet(db, py[1], latencyChunks, latencyQueries, corpora.getFirst().questions());
            out.append(latency);
        }
        System.out.println("==== rag-service benchmark (" + phase + ") ====");
        report.forEach((k, v) -> System.out.printf("%-48s %s%n", k, v));
        System.out.println(out);
    }

    static void throughput(String token, Map<String, String> report) throws Exception {
        for (int i = 0; i < 5; i++) {
            post(token, "/v1/embeddings", "{\"input\":\"warm up " + i + "\"}");
        }
        int single = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < single; i++) {
            post(token, "/v1/embeddings", "{\"input\":\"sentence number " + i + " about python modules\"}");
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
            post(token, "/v1/embeddings", "{\"input\":" + input + "]}");
        }
        double batchedPerSec = batches * batchSize / secondsSince(t0);
        report.put("embeddings/s single (1 input per request)", fmt(singlePerSec));
        report.put("embeddings/s batched (32 inputs per request)", fmt(batchedPerSec));
        System.out.printf("embeddings/s: single %.0f, batched %.0f%n", singlePerSec, batchedPerSec);
    }

    /** Uploads every file of the corpus into a new knowledge base named after it; returns the knowledge base id. */
    static String ingest(String token, Corpus corpus, int uploaders, Map<String, String> report) throws Exception {
        String kb = field(post(token, "/api/v1/knowledge-bases", "{\"name\":\"" + corpus.label() + "\"}"), "id");
        System.out.printf("ingesting %d pages from %s%n", corpus.files().size(), corpus.root());
        Instant ingestStart = Instant.now();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(uploaders)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Path file : corpus.files()) {
                futures.add(pool.submit(() -> {
                    String name = corpus.nameOf(file);
                    byte[] bytes = Files.readAllBytes(file);
                    HttpResponse<String> r = upload(token, "/api/v1/knowledge-bases/" + kb + "/documents", name,
                            corpus.contentType(), bytes);
                    // the parse gate turns uploads away while this tenant's share of parsers is busy: wait as told
                    for (int attempt = 1; r.statusCode() == 503 && attempt < 600; attempt++) {
                        busy.incrementAndGet();
                        long waitMs = r.headers().firstValue("Retry-After").map(v -> Long.parseLong(v) * 1000)
                                .orElse(500L);
                        Thread.sleep(Math.min(waitMs, 1000));
                        r = upload(token, "/api/v1/knowledge-bases/" + kb + "/documents", name, corpus.contentType(),
                                bytes);
                    }
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
            status = documentStatus(token, kb);
            if (status[0] + status[1] >= corpus.files().size() - rejected.get()) {
                break;
            }
            Thread.sleep(1000);
        }
        double ingestSeconds = Duration.between(ingestStart, Instant.now()).toMillis() / 1000.0;
        int chunks = status[2];
        report.put(corpus.label() + " corpus", corpus.files().size() + " pages, " + chunks + " chunks (" + status[1]
                + " failed, " + rejected.get() + " rejected, " + busy.get() + " retried after parser_busy)");
        report.put(corpus.label() + " upload+parse time (s)", fmt(uploadSeconds));
        report.put(corpus.label() + " ingestion chunks/s", fmt(chunks / ingestSeconds));
        System.out.printf("ingested %d chunks in %.1f s: %.1f chunks/s%n", chunks, ingestSeconds, chunks / ingestSeconds);
        return kb;
    }

    /**
     * Fetches the raw candidate lists per question (the service must run with max-chunks-per-document=0), computes
     * every configuration, prints one table per corpus and the chosen default; writes every row to {@code sweepOut}.
     */
    static String sweep(List<Corpus> corpora, Map<String, String[]> kbs, String sweepOut) throws Exception {
        List<Config> configs = new ArrayList<>();
        int[] caps = {0, 1, 2, 3};
        double[] keywordWeights = {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0};
        for (int cap : caps) {
            configs.add(new Config("vector", 60, 1, 0, cap));
            configs.add(new Config("keyword", 60, 0, 1, cap));
            for (int k : new int[] {10, 30, 60}) {
                for (double w : keywordWeights) {
                    configs.add(new Config("rrf", k, 1.0, w, cap));
                }
            }
            for (double w : keywordWeights) {
                configs.add(new Config("score", 60, 1.0, w, cap));
            }
        }
        Map<String, Map<Config, Metrics>> all = new LinkedHashMap<>();
        Map<String, Metrics> baselines = new LinkedHashMap<>();
        for (Corpus corpus : corpora) {
            String[] kb = kbs.get(corpus.label());
            String token = mint(UUID.fromString(kb[0]));
            List<List<Ranked>> vectors = new ArrayList<>();
            List<List<Ranked>> keywords = new ArrayList<>();
            for (Question q : corpus.questions()) {
                vectors.add(query(token, kb[1], q.text(), "vector", CANDIDATES));
                keywords.add(query(token, kb[1], q.text(), "keyword", CANDIDATES));
            }
            Map<Config, Metrics> byConfig = new LinkedHashMap<>();
            for (Config c : configs) {
                List<List<String>> lists = new ArrayList<>();
                for (int i = 0; i < corpus.questions().size(); i++) {
                    lists.add(names(simulate(c, vectors.get(i), keywords.get(i))));
                }
                byConfig.put(c, metrics(corpus.questions(), lists));
            }
            all.put(corpus.label(), byConfig);
            baselines.put(corpus.label(), bm25Baseline(corpus));
        }

        // The default: the configuration whose worst margin over the corpora, MRR@10 minus the best of every single
        // mode (any cap) and the BM25 baseline, is largest; ties go to the better mean MRR@10, then to hit@5.
        Config best = null;
        double bestMargin = Double.NEGATIVE_INFINITY;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (Config c : configs) {
            double margin = Double.POSITIVE_INFINITY;
            double mean = 0;
            for (Corpus corpus : corpora) {
                Map<Config, Metrics> byConfig = all.get(corpus.label());
                double reference = baselines.get(corpus.label()).mrr();
                for (Map.Entry<Config, Metrics> e : byConfig.entrySet()) {
                    if (e.getKey().single()) {
                        reference = Math.max(reference, e.getValue().mrr());
                    }
                }
                margin = Math.min(margin, byConfig.get(c).mrr() - reference);
                mean += byConfig.get(c).mrr() / corpora.size();
            }
            if (margin > bestMargin + 1e-9 || Math.abs(margin - bestMargin) <= 1e-9 && mean > bestMean + 1e-9) {
                best = c;
                bestMargin = margin;
                bestMean = mean;
            }
        }

        StringBuilder out = new StringBuilder();
        StringBuilder tsv = new StringBuilder("config");
        for (Corpus corpus : corpora) {
            for (String m : List.of("hit@1", "hit@5", "hit@10", "MRR@10", "nDCG@10", "pages@10")) {
                tsv.append('\t').append(corpus.label()).append(' ').append(m);
            }
        }
        tsv.append('\n');
        for (Config c : configs) {
            tsv.append(c.label());
            for (Corpus corpus : corpora) {
                Metrics m = all.get(corpus.label()).get(c);
                tsv.append(String.format(Locale.ROOT, "\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f", m.hit1(), m.hit5(),
                        m.hit10(), m.mrr(), m.ndcg(), m.distinct()));
            }
            tsv.append('\n');
        }
        Path tsvPath = Path.of(sweepOut);
        Files.createDirectories(tsvPath.toAbsolutePath().getParent());
        Files.writeString(tsvPath, tsv);

        for (Corpus corpus : corpora) {
            Map<Config, Metrics> byConfig = all.get(corpus.label());
            Map<String, Metrics> rows = new LinkedHashMap<>();
            rows.put("plain BM25, whole pages (baseline)", baselines.get(corpus.label()));
            List<Config> shown = new ArrayList<>();
            for (int cap : new int[] {0, best.cap()}) {
                shown.add(new Config("vector", 60, 1, 0, cap));
                shown.add(new Config("keyword", 60, 0, 1, cap));
                shown.add(new Config("rrf", 60, 1.0, 1.0, cap));
                shown.add(new Config("score", 60, 1.0, 1.0, cap));
            }
            // the best of each kind on this corpus alone, for comparison
            for (String mode : List.of("rrf", "score")) {
                shown.add(byConfig.entrySet().stream()
                        .filter(e -> e.getKey().mode().equals(mode))
                        .max(Comparator.comparingDouble((Map.Entry<Config, Metrics> e) -> e.getValue().mrr()))
                        .orElseThrow()
                        .getKey());
            }
            for (Config c : shown) {
                rows.putIfAbsent(c.label(), byConfig.get(c));
            }
            rows.put("CHOSEN: " + best.label(), byConfig.get(best));
            out.append(table(corpus, rows));
        }
        out.append(String.format(Locale.ROOT,
                "chosen default: %s (worst MRR@10 margin over the best single mode / baseline: %+.3f; mean MRR@10 %.3f)%n",
                best.label(), bestMargin, bestMean));
        out.append("every configuration: ").append(tsvPath).append('\n');
        return out.toString();
    }

    /** What the service returns for configuration {@code c}, computed from the raw top-40 lists with its formulas. */
    static List<Ranked> simulate(Config c, List<Ranked> vector, List<Ranked> keyword) {
        // single modes fetch topK·3 candidates when the cap is on, topK otherwise (RetrievalService)
        int wanted = c.cap() > 0 ? TOP_K * 3 : TOP_K;
        List<Ranked> ranked = switch (c.mode()) {
            case "vector" -> vector.subList(0, Math.min(wanted, vector.size()));
            case "keyword" -> keyword.subList(0, Math.min(wanted, keyword.size()));
            case "rrf" -> fuseRrf(vector, keyword, c.vectorWeight(), c.keywordWeight(), c.rrfK());
            default -> fuseScores(vector, keyword, c.vectorWeight(), c.keywordWeight());
        };
        return capPerDocument(ranked, c.cap(), TOP_K);
    }

    static List<Ranked> fuseRrf(List<Ranked> vector, List<Ranked> keyword, double wv, double wk, int k) {
        Map<String, Ranked> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        List<List<Ranked>> lists = List.of(vector, keyword);
        double[] weights = {wv, wk};
        for (int l = 0; l < 2; l++) {
            for (int rank = 0; rank < lists.get(l).size(); rank++) {
                Ranked hit = lists.get(l).get(rank);
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), weights[l] / (k + rank + 1), Double::sum);
            }
        }
        return sortFused(hits, scores);
    }

    static List<Ranked> fuseScores(List<Ranked> vector, List<Ranked> keyword, double wv, double wk) {
        Map<String, Ranked> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        List<List<Ranked>> lists = List.of(vector, keyword);
        double[] weights = {wv, wk};
        for (int l = 0; l < 2; l++) {
            List<Ranked> ranking = lists.get(l);
            double max = ranking.stream().mapToDouble(Ranked::score).max().orElse(0);
            double min = ranking.stream().mapToDouble(Ranked::score).min().orElse(0);
            for (Ranked hit : ranking) {
                double normalised = max > min ? (hit.score() - min) / (max - min) : 1.0;
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), weights[l] * normalised, Double::sum);
            }
        }
        return sortFused(hits, scores);
    }

    static List<Ranked> sortFused(Map<String, Ranked> hits, Map<String, Double> scores) {
        List<Ranked> fused = new ArrayList<>();
        hits.forEach((id, hit) -> fused.add(new Ranked(id, hit.documentId(), hit.document(), scores.get(id))));
        fused.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::chunkId));
        return fused.size() > CANDIDATES ? fused.subList(0, CANDIDATES) : fused;
    }

    /** The service's per-document cap: at most {@code perDocument} per document first, overflow fills the rest. */
    static List<Ranked> capPerDocument(List<Ranked> ranked, int perDocument, int limit) {
        if (perDocument <= 0) {
            return ranked.size() > limit ? ranked.subList(0, limit) : ranked;
        }
        List<Ranked> kept = new ArrayList<>();
        List<Ranked> overflow = new ArrayList<>();
        Map<String, Integer> perDoc = new HashMap<>();
        for (Ranked hit : ranked) {
            if (kept.size() == limit) {
                break;
            }
            if (perDoc.merge(hit.documentId(), 1, Integer::sum) <= perDocument) {
                kept.add(hit);
            } else {
                overflow.add(hit);
            }
        }
        for (int i = 0; kept.size() < limit && i < overflow.size(); i++) {
            kept.add(overflow.get(i));
        }
        return kept;
    }

    static List<String> names(List<Ranked> ranked) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_K, ranked.size()); i++) {
            names.add(ranked.get(i).document());
        }
        return names;
    }

    /**
     * hit@1/5/10, MRR@10, nDCG@10 and distinct pages in the top 10. Relevance is binary: a result from an expected
     * page. nDCG counts each expected page once (a second chunk of a page already listed gains nothing, as it tells
     * the reader nothing new; the page-level baseline cannot repeat a page), the ideal list holds every expected page.
     */
    static Metrics metrics(List<Question> questions, List<List<String>> results) {
        double h1 = 0;
        double h5 = 0;
        double h10 = 0;
        double rr = 0;
        double ndcg = 0;
        double distinct = 0;
        for (int q = 0; q < questions.size(); q++) {
            List<String> expected = questions.get(q).expected();
            List<String> docs = results.get(q);
            int rank = 0;
            double dcg = 0;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < Math.min(TOP_K, docs.size()); i++) {
                boolean relevant = expected.contains(docs.get(i));
                if (relevant && rank == 0) {
                    rank = i + 1;
                }
                if (relevant && seen.add(docs.get(i))) {
                    dcg += 1 / (Math.log(i + 2) / Math.log(2));
                }
                seen.add(docs.get(i));
            }
            double ideal = 0;
            for (int i = 0; i < Math.min(TOP_K, expected.size()); i++) {
                ideal += 1 / (Math.log(i + 2) / Math.log(2));
            }
            h1 += rank == 1 ? 1 : 0;
            h5 += rank > 0 && rank <= 5 ? 1 : 0;
            h10 += rank > 0 ? 1 : 0;
            rr += rank > 0 ? 1.0 / rank : 0;
            ndcg += dcg / ideal;
            distinct += new java.util.HashSet<>(docs.subList(0, Math.min(TOP_K, docs.size()))).size();
        }
        int n = questions.size();
        return new Metrics(h1 / n, h5 / n, h10 / n, rr / n, ndcg / n, distinct / n);
    }

    static String table(Corpus corpus, Map<String, Metrics> rows) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%n%s: %d documents, %d questions, top %d%n", corpus.label(), corpus.files().size(),
                corpus.questions().size(), TOP_K));
        t.append(String.format("| %-42s | %6s | %6s | %6s | %6s | %7s | %8s |%n", "mode", "hit@1", "hit@5", "hit@10",
                "MRR@10", "nDCG@10", "pages@10"));
        t.append("|").append("-".repeat(44)).append("|--------|--------|--------|--------|---------|----------|\n");
        rows.forEach((label, m) -> t.append(String.format(Locale.ROOT,
                "| %-42s | %6.3f | %6.3f | %6.3f | %6.3f | %7.3f | %8.2f |%n", label, m.hit1(), m.hit5(), m.hit10(),
                m.mrr(), m.ndcg(), m.distinct())));
        return t.toString();
    }

    /**
     * Plain BM25 over whole pages (k1 1.2, b 0.75, ln(1 + (N - df + 0.5) / (df + 0.5)) idf): tags stripped from
     * HTML, words are runs of letters and digits, lower-cased, no stemming, no stop words; Thai is split into words
     * by the JDK's dictionary-based BreakIterator for locale th.
     */
    static Metrics bm25Baseline(Corpus corpus) throws IOException {
        List<String> names = new ArrayList<>();
        List<Map<String, Integer>> tfs = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (Path file : corpus.files()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (corpus.contentType().equals("text/html")) {
                text = htmlText(text);
            }
            List<String> tokens = tokens(text, corpus.thai());
            Map<String, Integer> tf = new HashMap<>();
            tokens.forEach(t -> tf.merge(t, 1, Integer::sum));
            tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            names.add(corpus.nameOf(file));
            tfs.add(tf);
            lengths.add(tokens.size());
        }
        int n = names.size();
        double avgdl = lengths.stream().mapToInt(Integer::intValue).average().orElse(1);
        List<List<String>> results = new ArrayList<>();
        for (Question q : corpus.questions()) {
            double[] score = new double[n];
            for (String term : new java.util.LinkedHashSet<>(tokens(q.text(), corpus.thai()))) {
                Integer d = df.get(term);
                if (d == null) {
                    continue;
                }
                double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
                for (int i = 0; i < n; i++) {
                    Integer tf = tfs.get(i).get(term);
                    if (tf != null) {
                        score[i] += idf * tf * (BM25_K1 + 1)
                                / (tf + BM25_K1 * (1 - BM25_B + BM25_B * lengths.get(i) / avgdl));
                    }
                }
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> score[b] != score[a] ? Double.compare(score[b], score[a])
                    : names.get(a).compareTo(names.get(b)));
            List<String> top = new ArrayList<>();
            for (int i = 0; i < Math.min(TOP_K, n) && score[order[i]] > 0; i++) {
                top.add(names.get(order[i]));
            }
            results.add(top);
        }
        return metrics(corpus.questions(), results);
    }

    static final Pattern SCRIPT = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>");
    static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    static String htmlText(String html) {
        String text = TAG.matcher(SCRIPT.matcher(html).replaceAll(" ")).replaceAll(" ");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    static List<String> tokens(String text, boolean thai) {
        List<String> tokens = new ArrayList<>();
        if (thai) {
            java.text.BreakIterator words = java.text.BreakIterator.getWordInstance(Locale.forLanguageTag("th"));
            words.setText(text);
            int start = words.first();
            for (int end = words.next(); end != java.text.BreakIterator.DONE; start = end, end = words.next()) {
                String w = text.substring(start, end);
                if (WORD.matcher(w).find()) {
                    tokens.add(w.toLowerCase(Locale.ROOT));
                }
            }
        } else {
            Matcher m = WORD.matcher(text);
            while (m.find()) {
                tokens.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }

    static final Pattern RESULT = Pattern.compile("\"chunkId\":\"([^\"]+)\",\"score\":([-0-9.Ee+]+),"
            + "\"knowledgeBaseId\":\"[^\"]+\",\"document\":\\{\"id\":\"([^\"]+)\",\"name\":\"([^\"]+)\"");

    static List<Ranked> query(String token, String kb, String text, String mode, int topK) throws Exception {
        String body = post(token, "/api/v1/knowledge-bases/" + kb + "/query",
                "{\"query\":" + json(text) + ",\"mode\":\"" + mode + "\",\"topK\":" + topK + "}");
        List<Ranked> ranked = new ArrayList<>();
        Matcher m = RESULT.matcher(body);
        while (m.find()) {
            ranked.add(new Ranked(m.group(1), m.group(3), m.group(4), Double.parseDouble(m.group(2))));
        }
        if (ranked.size() != count(body, "\"chunkId\"")) {
            throw new IllegalStateException("could not read every result of " + body);
        }
        return ranked;
    }

    /**
     * Grows a second tenant's knowledge base to {@code latencyChunks} chunks: perturbed copies of the corpus chunks
     * (real text and their BM25 postings for keyword search, near-real vectors for HNSW), then queries it.
     */
    static String latencySet(String db, String kb, int latencyChunks, int latencyQueries, List<Question> qs)
            throws Exception {
        String latencyToken = mint(UUID.randomUUID());
        String latencyKb = field(post(latencyToken, "/api/v1/knowledge-bases", "{\"name\":\"latency\"}"), "id");
        String seedDoc = field(post(latencyToken, "/api/v1/knowledge-bases/" + latencyKb + "/documents/text",
                "{\"name\":\"seed.txt\",\"text\":\"seed document for the latency benchmark\"}"), "id");
        while (documentStatus(latencyToken, latencyKb)[0] < 1) {
            Thread.sleep(200);
        }
        System.out.printf("growing knowledge base to %d chunks (HNSW and postings inserts take a few minutes)%n",
                latencyChunks);
        long fillStart = System.nanoTime();
        psql(db, """
                create temp table fill as
                with src as (select row_number() over (order by id) - 1 as rn, id from rag.chunks
                             where knowledge_base_id = '%1$s'),
                n as (select count(*) as total from src)
                select gen_random_uuid() as id, s.id as src_id, g.i
                from generate_series(1, %2$d) g(i) cross join n join src s on s.rn = g.i %% n.total;
                insert into rag.chunks (id, tenant_id, knowledge_base_id, document_id, version, chunk_index, content,
                  heading_path, heading_text, page, start_offset, end_offset, token_count, metadata, dimension, embedding,
                  term_count)
                select f.id, d.tenant_id, d.knowledge_base_id, d.id, 1, f.i, c.content, c.heading_path,
                       c.heading_text, null, 0, length(c.content), c.token_count, '{}'::jsonb, 384,
                       c.embedding::vector(384) + (select array_agg((random() - 0.5) * 0.04)::vector(384)
                                                   from generate_series(1, 384) x where f.i > 0),
                       c.term_count
                from fill f
                join rag.chunks c on c.id = f.src_id
                join rag.documents d on d.id = '%3$s';
                insert into rag.chunk_terms (knowledge_base_id, term, chunk_id, tenant_id, tf, chunk_length)
                select d.knowledge_base_id, p.term, f.id, d.tenant_id, p.tf, p.chunk_length
                from fill f
                join rag.chunk_terms p on p.chunk_id = f.src_id
                join rag.documents d on d.id = '%3$s';
                update rag.documents set chunk_count = %2$d + 1,
                  term_count = (select coalesce(sum(term_count), 0) from rag.chunks where document_id = '%3$s')
                where id = '%3$s';
                analyze rag.chunks;
                analyze rag.chunk_terms;
                """.formatted(kb, latencyChunks, seedDoc));
        String postings = psqlValue(db, "select count(*) from rag.chunk_terms where knowledge_base_id = '" + latencyKb
                + "'");
        System.out.printf("filled in %.0f s (%s postings)%n", secondsSince(fillStart), postings);
        String latency = latency(latencyToken, latencyKb, qs, latencyQueries);
        return "query latency at " + (latencyChunks + 1) + " chunks (" + postings + " postings) in the knowledge base,"
                + " topK " + TOP_K + ", " + latencyQueries + " queries per mode, service defaults:\n" + latency;
    }

    static String latency(String token, String kb, List<Question> qs, int latencyQueries) throws Exception {
        StringBuilder latency = new StringBuilder();
        latency.append(String.format("%-8s %8s %8s %8s%n", "mode", "p50 ms", "p95 ms", "mean ms"));
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            for (int i = 0; i < 20; i++) {
                post(token, "/api/v1/knowledge-bases/" + kb + "/query",
                        "{\"query\":" + json(qs.get(i % qs.size()).text()) + ",\"mode\":\"" + mode + "\",\"topK\":10}");
            }
            double[] ms = new double[latencyQueries];
            int returned = 0;
            for (int i = 0; i < latencyQueries; i++) {
                String q = qs.get(i % qs.size()).text() + (i >= qs.size() ? " " + i : "");
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

    static List<Question> readQuestions(Path questions) throws IOException {
        List<Question> qs = new ArrayList<>();
        for (String line : Files.readAllLines(questions)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] cols = line.split("\t");
                qs.add(new Question(cols[0], Arrays.asList(cols[1].split(","))));
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

    static HttpResponse<String> upload(String token, String path, String filename, String contentType, byte[] bytes)
            throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
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

    static String fmtW(double w) {
        return w == Math.rint(w) ? Integer.toString((int) w) : Double.toString(w);
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
