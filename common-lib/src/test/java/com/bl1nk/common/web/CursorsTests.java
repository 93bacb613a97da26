package com.bl1nk.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTests {

    @Test
    void roundTripsAPosition() {
        Instant at = Instant.parse("2026-11-25T12:34:56.123456789Z");
        UUID id = UUID.randomUUID();
        String cursor = Cursors.encode(at, id);
        assertThat(cursor).doesNotContain("=", "+", "/");
        assertThat(Cursors.decode(cursor)).isEqualTo(new Cursors.Cursor(at, id));
    }

    @Test
    void blankMeansFirstPage() {
        assertThat(Cursors.decode(null)).isNull();
        assertThat(Cursors.decode(" ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "AAAA", "AQ", "Ag" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void rejectsMalformedCursorsWith400(String cursor) {
        assertThatThrownBy(() -> Cursors.decode(cursor)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_cursor");
        });
    }

    @Test
    void limitDefaultsAndBounds() {
        assertThat(PageRequests.limit(null)).isEqualTo(50);
        assertThat(PageRequests.limit(1)).isEqualTo(1);
        assertThat(PageRequests.limit(200)).isEqualTo(200);
        for (int bad : new int[] {0, -1, 201}) {
            assertThatThrownBy(() -> PageRequests.limit(bad))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_limit"));
        }
    }

    @Test
    void pageOfDropsTheExtraRowAndPointsAtTheLastKeptOne() {
        Page<String> page = Page.of(List.of("a", "b", "c"), 2, s -> "after-" + s);
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.nextCursor()).isEqualTo("after-b");
        Page<String> last = Page.of(List.of("a", "b"), 2, s -> "after-" + s);
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void rejectsPositionsPostgresCouldNotStore() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> Cursors.decode(Cursors.encode(Instant.parse("+300000-01-01T00:00:00Z"), id)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_cursor"));
        assertThat(Cursors.decode(Cursors.encode(Instant.parse("9999-12-31T00:00:00Z"), id))
                        .id())
                .isEqualTo(id);
    }
}
