package com.bl1nk.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityHolderTests {

    private final Identity one = new Identity(UUID.randomUUID(), "service:a", Set.of(), Set.of(), null);
    private final Identity two = new Identity(UUID.randomUUID(), "service:b", Set.of(), Set.of(), null);

    @Test
    void bindsRestoresAndClears() {
        assertThat(IdentityHolder.find()).isEmpty();
        assertThatThrownBy(IdentityHolder::current)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("unauthenticated"));
        try (IdentityHolder.Scope outer = IdentityHolder.bind(one, "t1")) {
            try (IdentityHolder.Scope inner = IdentityHolder.bind(two, "t2")) {
                assertThat(IdentityHolder.current()).isEqualTo(two);
                assertThat(IdentityHolder.currentToken()).contains("t2");
            }
            assertThat(IdentityHolder.current()).isEqualTo(one);
            assertThat(IdentityHolder.currentToken()).contains("t1");
        }
        assertThat(IdentityHolder.find()).isEmpty();
        assertThat(IdentityHolder.currentToken()).isEmpty();
    }

    @Test
    void aWorkerBindsAnIdentityWithoutAToken() {
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(one)) {
            assertThat(IdentityHolder.current()).isEqualTo(one);
            assertThat(IdentityHolder.currentToken()).isEmpty();
        }
        assertThat(IdentityHolder.find()).isEmpty();
    }
}
