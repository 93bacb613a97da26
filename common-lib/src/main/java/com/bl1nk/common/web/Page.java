package com.bl1nk.common.web;

import java.util.List;

/**
 * One page of a list endpoint, the shape every {@code ?limit=&cursor=} list returns.
 *
 * @param items the items of this page
 * @param nextCursor opaque cursor for the next page, or {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * Builds a page from rows fetched with {@code limit + 1}: if the extra row is there, it is dropped and the cursor of
     * the last kept row becomes {@code nextCursor}.
     */
    public static <T> Page<T> of(
            List<T> rowsFetchedWithOneExtra, int limit, java.util.function.Function<T, String> cursorOf) {
        if (rowsFetchedWithOneExtra.size() <= limit) {
            return new Page<>(rowsFetchedWithOneExtra, null);
        }
        List<T> items = rowsFetchedWithOneExtra.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(items.size() - 1)));
    }
}
