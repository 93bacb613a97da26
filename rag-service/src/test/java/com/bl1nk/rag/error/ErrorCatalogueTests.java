package com.bl1nk.rag.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.ErrorCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTests {

    private static final List<RagErrorCode> CATALOGUE = List.of(RagErrorCode.values());

    @Test
    void everyCodeLiteralAtACallSiteIsCatalogued() {
        ErrorCatalogue.assertCatalogued(CATALOGUE);
    }

    @Test
    void aCodeMissingFromTheCatalogueIsFound() {
        List<ErrorCatalogue.Usage> usages = ErrorCatalogue.usages(
                "throw ApiException.conflict(\"made_up_code\", \"x\"); throw ApiException.of(HttpStatus.BAD_GATEWAY,"
                        + " \"empty_document\", \"y\");",
                "Fixture.java");

        assertThat(ErrorCatalogue.uncatalogued(usages, CATALOGUE))
                .extracting(ErrorCatalogue.Usage::code)
                .containsExactly("made_up_code", "empty_document");
    }

    @Test
    void eachCodeAndStatusIsCataloguedOnce() {
        ErrorCatalogue.assertUnique(CATALOGUE);
    }

    @Test
    void generatedCatalogueDocIsCommitted() {
        ErrorCatalogue.assertDocumented("rag", CATALOGUE);
    }
}
