package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The checks every service runs on its error catalogue, written once: a service's {@code ErrorCatalogueTests} extends
 * this with its enum and the name of its generated doc ({@code docs/errors/<name>.md}).
 */
public abstract class ErrorCatalogueContract {

    /** The service's catalogue, in the order of its doc. */
    protected abstract List<? extends ErrorCode> catalogue();

    /** The doc's name under {@code docs/errors/}. */
    protected abstract String docName();

    @Test
    void everyCodeLiteralAtACallSiteIsCatalogued() {
        ErrorCatalogue.assertCatalogued(catalogue());
    }

    @Test
    void aCodeMissingFromTheCatalogueOrSentWithAnotherStatusIsFound() {
        ErrorCode known = catalogue().getFirst();
        HttpStatus other = known.status() == HttpStatus.BAD_GATEWAY ? HttpStatus.I_AM_A_TEAPOT : HttpStatus.BAD_GATEWAY;
        List<ErrorCatalogue.Usage> usages = ErrorCatalogue.usages(
                "throw ApiException.conflict(\"made_up_code\", \"x\"); throw ApiException.of(HttpStatus." + other.name()
                        + ", \"" + known.code() + "\", \"y\");",
                "Fixture.java");

        assertThat(ErrorCatalogue.uncatalogued(usages, catalogue()))
                .extracting(ErrorCatalogue.Usage::code)
                .containsExactly("made_up_code", known.code());
    }

    @Test
    void eachCodeAndStatusIsCataloguedOnce() {
        ErrorCatalogue.assertUnique(catalogue());
    }

    @Test
    void generatedCatalogueDocIsCommitted() {
        ErrorCatalogue.assertDocumented(docName(), catalogue());
    }
}
