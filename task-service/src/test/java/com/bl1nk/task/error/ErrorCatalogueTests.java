package com.bl1nk.task.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.ErrorCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTests {

    private static final List<TaskErrorCode> CATALOGUE = List.of(TaskErrorCode.values());

    @Test
    void everyCodeLiteralAtACallSiteIsCatalogued() {
        ErrorCatalogue.assertCatalogued(CATALOGUE);
    }

    @Test
    void aCodeMissingFromTheCatalogueIsFound() {
        List<ErrorCatalogue.Usage> usages = ErrorCatalogue.usages(
                "throw ApiException.conflict(\"made_up_code\", \"x\"); throw ApiException.of(HttpStatus.BAD_GATEWAY,"
                        + " \"agent_name_taken\", \"y\");",
                "Fixture.java");

        assertThat(ErrorCatalogue.uncatalogued(usages, CATALOGUE))
                .extracting(ErrorCatalogue.Usage::code)
                .containsExactly("made_up_code", "agent_name_taken");
    }

    @Test
    void eachCodeAndStatusIsCataloguedOnce() {
        ErrorCatalogue.assertUnique(CATALOGUE);
    }

    @Test
    void generatedCatalogueDocIsCommitted() {
        ErrorCatalogue.assertDocumented("task", CATALOGUE);
    }
}
