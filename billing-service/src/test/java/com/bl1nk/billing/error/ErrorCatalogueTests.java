package com.bl1nk.billing.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.ErrorCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTests {

    private static final List<BillingErrorCode> CATALOGUE = List.of(BillingErrorCode.values());

    @Test
    void everyCodeLiteralAtACallSiteIsCatalogued() {
        ErrorCatalogue.assertCatalogued(CATALOGUE);
    }

    @Test
    void aCodeMissingFromTheCatalogueIsFound() {
        List<ErrorCatalogue.Usage> usages = ErrorCatalogue.usages(
                "throw ApiException.conflict(\"made_up_code\", \"x\"); throw ApiException.of(HttpStatus.BAD_GATEWAY,"
                        + " \"budget_exists\", \"y\");",
                "Fixture.java");

        assertThat(ErrorCatalogue.uncatalogued(usages, CATALOGUE))
                .extracting(ErrorCatalogue.Usage::code)
                .containsExactly("made_up_code", "budget_exists");
    }

    @Test
    void eachCodeAndStatusIsCataloguedOnce() {
        ErrorCatalogue.assertUnique(CATALOGUE);
    }

    @Test
    void generatedCatalogueDocIsCommitted() {
        ErrorCatalogue.assertDocumented("billing", CATALOGUE);
    }
}
