package com.bl1nk.cli.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportedFilesTests {

    @TempDir
    Path dir;

    @Test
    void findsSupportedFilesByExtensionNamedByTheirRelativePathSkippingHiddenOnes() throws IOException {
        Files.writeString(dir.resolve("b.md"), "# b");
        Files.createDirectories(dir.resolve("guide"));
        Files.writeString(dir.resolve("guide/a.TXT"), "a");
        Files.writeString(dir.resolve("image.png"), "png");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/notes.md"), "hidden");
        Files.writeString(dir.resolve(".hidden.md"), "hidden");

        SupportedFiles.Scan scan = SupportedFiles.scan(dir);

        assertThat(scan.files()).extracting(SupportedFiles.Found::name).containsExactly("b.md", "guide/a.TXT");
        assertThat(scan.files())
                .extracting(SupportedFiles.Found::contentType)
                .containsExactly("text/markdown", "text/plain");
        assertThat(scan.skipped()).isEqualTo(1);
    }

    @Test
    void aSingleFileIsItsOwnScan() throws IOException {
        Path pdf = Files.writeString(dir.resolve("report.pdf"), "%PDF");

        assertThat(SupportedFiles.scan(pdf).files())
                .extracting(SupportedFiles.Found::name)
                .containsExactly("report.pdf");
        assertThat(SupportedFiles.scan(Files.writeString(dir.resolve("x.bin"), "x"))
                        .skipped())
                .isEqualTo(1);
        assertThat(SupportedFiles.typeOf("noextension")).isEmpty();
    }
}
