package com.bl1nk.rag.parse;

import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XHTML that every Tika parser emits (HTML, PDF, DOCX alike) into blocks: h1..h6 open sections,
 * paragraph-level elements become blocks, and PDF page divs advance the page number.
 */
final class XhtmlBlockHandler extends DefaultHandler {

    private static final Set<String> BLOCK_ELEMENTS = Set.of(
            "p",
            "li",
            "pre",
            "td",
            "th",
            "dd",
            "dt",
            "blockquote",
            "div",
            "tr",
            "table",
            "ul",
            "ol",
            "section",
            "article",
            "header",
            "footer",
            "nav",
            "aside",
            "main",
            "figure",
            "figcaption",
            "caption",
            "body",
            "address",
            "dl");
    private static final Set<String> SKIPPED_ELEMENTS =
            Set.of("head", "script", "style", "noscript", "template", "nav", "aside", "footer");
    // Page chrome (site navigation, sidebars, footers) repeats on every page and drowns real answers.
    private static final Set<String> SKIPPED_ROLES = Set.of("navigation", "search", "contentinfo", "complementary");
    private static final Set<String> SKIPPED_CLASSES = Set.of(
            "sidebar",
            "sphinxsidebar",
            "related",
            "footer",
            "navbar",
            "nav",
            "navigation",
            "breadcrumb",
            "breadcrumbs",
            "headerlink",
            "toc");

    private final DocumentBuilder builder;
    private final boolean paged;
    private final StringBuilder buffer = new StringBuilder();
    private int page;
    private int skipDepth;
    private int headingLevel;
    private int preDepth;

    XhtmlBlockHandler(DocumentBuilder builder, boolean paged) {
        this.builder = builder;
        this.paged = paged;
        this.page = paged ? 0 : -1;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = name(localName, qName);
        if (skipDepth > 0 || isChrome(name, attributes)) {
            skipDepth++;
            return;
        }
        if (paged && "div".equals(name) && "page".equals(attributes.getValue("class"))) {
            flushParagraph();
            page++;
            return;
        }
        int level = headingLevel(name);
        if (level > 0) {
            flushParagraph();
            headingLevel = level;
        } else if ("pre".equals(name)) {
            flushParagraph();
            preDepth++;
        } else if ("br".equals(name)) {
            buffer.append('\n');
        } else if (BLOCK_ELEMENTS.contains(name)) {
            flushParagraph();
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = name(localName, qName);
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        int level = headingLevel(name);
        if (level > 0 && headingLevel == level) {
            builder.heading(level, buffer.toString(), currentPage());
            buffer.setLength(0);
            headingLevel = 0;
        } else if ("pre".equals(name)) {
            flushParagraph();
            preDepth = Math.max(0, preDepth - 1);
        } else if (BLOCK_ELEMENTS.contains(name)) {
            flushParagraph();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (skipDepth > 0) {
            return;
        }
        if (preDepth > 0 || headingLevel > 0) {
            buffer.append(ch, start, length);
            return;
        }
        // Outside pre, source line breaks are layout, not meaning.
        for (int i = start; i < start + length; i++) {
            char c = ch[i];
            buffer.append(c == '\n' || c == '\r' ? ' ' : c);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    /** Flushes any trailing text once the document ends. */
    void finish() {
        flushParagraph();
    }

    private void flushParagraph() {
        if (headingLevel > 0) {
            return;
        }
        if (!buffer.isEmpty()) {
            builder.paragraph(buffer.toString(), currentPage());
            buffer.setLength(0);
        }
    }

    private static boolean isChrome(String name, Attributes attributes) {
        if (SKIPPED_ELEMENTS.contains(name)) {
            return true;
        }
        String role = attributes.getValue("role");
        if (role != null && SKIPPED_ROLES.contains(role.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        String classes = attributes.getValue("class");
        if (classes != null) {
            for (String c : classes.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
                if (SKIPPED_CLASSES.contains(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Integer currentPage() {
        return paged ? Math.max(1, page) : null;
    }

    private static int headingLevel(String name) {
        if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
            return name.charAt(1) - '0';
        }
        return 0;
    }

    private static String name(String localName, String qName) {
        String n = localName == null || localName.isEmpty() ? qName : localName;
        return n.toLowerCase(java.util.Locale.ROOT);
    }
}
