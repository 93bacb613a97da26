package com.bl1nk.rag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTDecimalNumber;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Builds real PDF and DOCX files in memory (PDFBox and POI come with Tika), so no binaries are committed. */
public final class TestDocuments {

    private TestDocuments() {}

    /** A PDF with one page per entry; each page's lines are drawn top to bottom. */
    public static byte[] pdf(List<List<String>> pages) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 11);
                    content.setLeading(16);
                    content.newLineAtOffset(60, 720);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DOCX section: a Heading 1 title followed by body paragraphs. */
    public record Section(String heading, List<String> paragraphs) {}

    /** A DOCX whose sections use the built-in "heading 1" style, so parsers see real headings. */
    public static byte[] docx(List<Section> sections) {
        try (XWPFDocument document = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = document.createStyles();
            styles.addStyle(headingStyle("Heading1", "heading 1", 0));
            for (Section section : sections) {
                XWPFParagraph heading = document.createParagraph();
                heading.setStyle("Heading1");
                heading.createRun().setText(section.heading());
                for (String text : section.paragraphs()) {
                    document.createParagraph().createRun().setText(text);
                }
            }
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XWPFStyle headingStyle(String id, String name, int outlineLevel) {
        CTStyle ct = CTStyle.Factory.newInstance();
        ct.setStyleId(id);
        CTString styleName = CTString.Factory.newInstance();
        styleName.setVal(name);
        ct.setName(styleName);
        ct.setType(STStyleType.PARAGRAPH);
        CTPPrGeneral ppr = CTPPrGeneral.Factory.newInstance();
        CTDecimalNumber level = CTDecimalNumber.Factory.newInstance();
        level.setVal(BigInteger.valueOf(outlineLevel));
        ppr.setOutlineLvl(level);
        ct.setPPr(ppr);
        return new XWPFStyle(ct);
    }
}
