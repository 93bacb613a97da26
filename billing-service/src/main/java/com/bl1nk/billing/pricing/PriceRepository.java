package com.bl1nk.billing.pricing;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL the price API writes and reads beyond the effective book: history, new versions, the unpriced policy. */
@Repository
class PriceRepository {

    private final JdbcClient jdbc;

    PriceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} versions of a model's price visible to the tenant (its own and the platform's), newest first. */
    List<PriceVersion> history(UUID tenantId, String provider, String model, int limit) {
        return jdbc.sql("select " + PriceBook.COLUMNS + " from billing.prices"
                        + " where provider = :provider and model = :model"
                        + " and (tenant_id = :tenant or tenant_id is null)"
                        + " order by effective_from desc, (tenant_id is null) limit :limit")
                .param("provider", provider)
                .param("model", model)
                .param("tenant", tenantId)
                .param("limit", limit)
                .query(PriceBook::map)
                .list();
    }

    /** Inserts a price version; {@code false} when one for that model starting at that moment already exists. */
    boolean insert(PriceVersion version, String createdBy) {
        int inserted = jdbc.sql("insert into billing.prices (id, tenant_id, provider, model, input_per_mtok_usd,"
                        + " output_per_mtok_usd, cached_input_per_mtok_usd, context_window, supports_tools,"
                        + " effective_from, created_by) values (:id, :tenant, :provider, :model, :input, :output,"
                        + " :cached, :window, :tools, :from, :by) on conflict do nothing")
                .param("id", version.id())
                .param("tenant", version.tenantId())
                .param("provider", version.provider())
                .param("model", version.model())
                .param("input", version.inputPerMTok())
                .param("output", version.outputPerMTok())
                .param("cached", version.cachedInputPerMTok())
                .param("window", version.contextWindow())
                .param("tools", version.supportsTools())
                .param("from", Timestamp.from(version.effectiveFrom()))
                .param("by", createdBy)
                .update();
        return inserted > 0;
    }

    /** Sets whether the tenant's calls to unpriced models go through. */
    void setAllowUnpricedModels(UUID tenantId, boolean allow) {
        jdbc.sql("insert into billing.tenant_settings (tenant_id, allow_unpriced_models) values (:tenant, :allow)"
                        + " on conflict (tenant_id) do update set allow_unpriced_models = excluded.allow_unpriced_models,"
                        + " updated_at = now()")
                .param("tenant", tenantId)
                .param("allow", allow)
                .update();
    }
}
