package com.bl1nk.billing.pricing;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.billing.PriceEntry;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Service-to-service price lookup (task-service's model catalog), per CONTRACTS.md; the whole effective book. */
@RestController
@RequestMapping("/internal/v1/prices")
class InternalPriceController {

    /** The book is small; one bounded answer keeps task-service's catalog refresh a single call. */
    private static final int MAX_ENTRIES = 2000;

    private final PriceBook priceBook;
    private final Clock clock;

    InternalPriceController(PriceBook priceBook, Clock clock) {
        this.priceBook = priceBook;
        this.clock = clock;
    }

    @Requires(Permission.INTERNAL)
    @GetMapping
    Page<PriceEntry> prices(
            Identity identity,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String model) {
        List<PriceVersion> rows =
                priceBook.effectiveList(identity.tenantId(), clock.instant(), provider, model, null, MAX_ENTRIES);
        return new Page<>(rows.stream().map(PriceVersion::toEntry).toList(), null);
    }
}
