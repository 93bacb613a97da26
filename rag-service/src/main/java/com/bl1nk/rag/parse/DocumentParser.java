package com.bl1nk.rag.parse;

import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.rag.error.RagErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.html.IdentityHtmlMapper;
import org.xml.sax.SAXException;

/**
 * Sniffs and parses uploads with Apache Tika: the media type comes from the bytes (magic, container inspection),
 * never from the file name alone, and only the supported formats get through.
 */
public final class DocumentParser {

    /** Plain text. */
    public static final String TEXT_PLAIN = "text/plain";
    /** Markdown (a refinement of sniffed plain text, chosen by declared name or type). */
    public static final String TEXT_MARKDOWN = "text/markdown";
    /** HTML. */
    public static final String TEXT_HTML = "text/html";
    /** PDF. */
    public static final String APPLICATION_PDF = "application/pdf";
    /** Word (OOXML). */
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static final Map<String, String> SUPPORTED = Map.of(
            TEXT_PLAIN,
            TEXT_PLAIN,
            TEXT_HTML,
            TEXT_HTML,
            "application/xhtml+xml",
            TEXT_HTML,
            APPLICATION_PDF,
            APPLICATION_PDF,
            DOCX,
            DOCX);

    private final Detector detector;
    private final Parser parser;
    private final int maxChars;

    /** A parser that refuses documents whose text exceeds {@code maxChars} characters. */
    public DocumentParser(int maxChars) {
        TikaConfig config = TikaConfig.getDefaultConfig();
        this.detector = config.getDetector();
        this.parser = new AutoDetectParser(config);
        this.maxChars = maxChars;
    }

    /**
     * Sniffs the type of {@code bytes}; {@code declaredName} and {@code declaredType} only refine plain text into
     * Markdown. Throws {@link DocumentRejectedException} for empty or unsupported content.
     */
    public String detect(byte[] bytes, String declaredName, String declaredType) {
        if (bytes.length == 0) {
            throw new DocumentRejectedException(RagErrorCode.EMPTY_DOCUMENT, "the document is empty");
        }
        MediaType sniffed;
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            sniffed = detector.detect(in, new Metadata());
        } catch (IOException e) {
            throw new DocumentRejectedException(RagErrorCode.UNREADABLE_DOCUMENT, "the document could not be read", e);
        }
        String base = sniffed.getBaseType().toString();
        String type = SUPPORTED.get(base);
        if (type == null && base.startsWith("text/") && !base.equals("text/html")) {
            // Source code, CSV, Markdown and friends sniff as some text/* type: all are read as text.
            type = TEXT_PLAIN;
        }
        if (type == null) {
            throw new DocumentRejectedException(
                    CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "documents of type " + base + " are not supported (plain text, Markdown, HTML, PDF, DOCX are)");
        }
        if (type.equals(TEXT_PLAIN) && isMarkdown(declaredName, declaredType)) {
            return TEXT_MARKDOWN;
        }
        return type;
    }

    /** Detects and parses in one step. */
    public ParsedDocument parse(byte[] bytes, String declaredName, String declaredType) {
        return parseAs(detect(bytes, declaredName, declaredType), bytes);
    }

    /** Parses {@code bytes} already detected as {@code type}. */
    public ParsedDocument parseAs(String type, byte[] bytes) {
        DocumentBuilder builder = new DocumentBuilder(maxChars);
        try {
            switch (type) {
                case TEXT_PLAIN, TEXT_MARKDOWN -> {
                    try (Reader reader = new AutoDetectReader(TikaInputStream.get(bytes))) {
                        PlainTextBlocks.read(readAll(reader), type.equals(TEXT_MARKDOWN), builder);
                    }
                }
                default -> parseWithTika(type, bytes, builder);
            }
        } catch (DocumentRejectedException e) {
            throw e;
        } catch (EncryptedDocumentException e) {
            throw new DocumentRejectedException(RagErrorCode.UNREADABLE_DOCUMENT, "the document is encrypted", e);
        } catch (IOException | SAXException | TikaException | RuntimeException e) {
            throw new DocumentRejectedException(
                    RagErrorCode.UNREADABLE_DOCUMENT, "the document could not be parsed as " + type, e);
        }
        ParsedDocument parsed = builder.build(type);
        if (parsed.blocks().isEmpty()) {
            throw new DocumentRejectedException(RagErrorCode.EMPTY_DOCUMENT, "the document contains no text");
        }
        return parsed;
    }

    private void parseWithTika(String type, byte[] bytes, DocumentBuilder builder)
            throws IOException, SAXException, TikaException {
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, type);
        XhtmlBlockHandler handler = new XhtmlBlockHandler(builder, type.equals(APPLICATION_PDF));
        ParseContext context = new ParseContext();
        // Keep every HTML element and attribute so page chrome (nav, sidebars) can be recognised and skipped.
        context.set(HtmlMapper.class, IdentityHtmlMapper.INSTANCE);
        try (InputStream in = TikaInputStream.get(bytes)) {
            parser.parse(in, handler, metadata, context);
        }
        handler.finish();
    }

    private String readAll(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        int n;
        while ((n = reader.read(buffer)) != -1) {
            out.append(buffer, 0, n);
            if (out.length() > maxChars * 2L) {
                throw new DocumentRejectedException(
                        CommonErrorCode.PAYLOAD_TOO_LARGE, "the document text exceeds " + maxChars + " characters");
            }
        }
        return out.toString();
    }

    private static boolean isMarkdown(String declaredName, String declaredType) {
        String name = declaredName == null ? "" : declaredName.toLowerCase(Locale.ROOT);
        String declared = declaredType == null ? "" : declaredType.toLowerCase(Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".markdown") || declared.contains("markdown");
    }
}
