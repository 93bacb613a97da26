package com.bl1nk.billing.pricing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers "what did this model cost at that moment for this tenant", the question every cost in billing starts from. */
@Service
public class PriceBook {

    static final String COLUMNS = "id, tenant_id, provider, model, input_per_mtok_usd, output_per_mtok_usd,"
            + " cached_input_per_mtok_usd, context_window, supports_tools, effective_from";

    private final JdbcClient jdbc;
    private final Set<String> configuredPlatformProviders;

    PriceBook(JdbcClient jdbc, PricingProperties properties) {
        this.jdbc = jdbc;
        this.configuredPlatformProviders = Set.copyOf(properties.platformProviders());
    }

    /**
     * Whether the platform pays for calls to this provider, so that only {@code platform:admin} may price it: it is
     * one of the configured platform providers, or it has a platform default price (for any model). Task-service
     * names both its platform providers and a tenant's own ones by bare name, so the name is all billing can go by.
     */
    @Transactional(readOnly = true)
    public boolean isPlatformProvider(String provider) {
        if (configuredPlatformProviders.contains(provider)) {
            return true;
        }
        return jdbc.sql("select exists (select 1 from billing.prices where tenant_id is null and provider = :provider)")
                .param("provider", provider)
                .query(Boolean.class)
                .single();
    }

    /** The version effective at {@code at}: the tenant's own newest one if any is effective, else the default's. */
    @Transactional(readOnly = true)
    public Optional<PriceVersion> effectiveAt(UUID tenantId, String provider, String model, Instant at) {
        return jdbc.sql("select " + COLUMNS + " from billing.prices"
                        + " where provider = :provider and model = :model"
                        + " and (tenant_id = :tenant or tenant_id is null) and effective_from <= :at"
                        + " order by (tenant_id is null), effective_from desc limit 1")
                .param("provider", provider)
                .param("model", model)
                .param("tenant", tenantId)
                .param("at", Timestamp.from(at))
                .query(PriceBook::map)
                .optional();
    }

    /** Every provider+model effective at {@code at} for the tenant, ordered by provider and model, after a key. */
    @Transactional(readOnly = true)
    public List<PriceVersion> effectiveList(
            UUID tenantId, Instant at, String provider, String model, String afterKey, int limit) {
        StringBuilder sql = new StringBuilder("select * from (select distinct on (provider, model) " + COLUMNS
                + " from billing.prices where (tenant_id = :tenant or tenant_id is null) and effective_from <= :at");
        if (provider != null) {
            sql.append(" and provider = :provider");
        }
        if (model != null) {
            sql.append(" and model = :model");
        }
        sql.append(" order by provider, model, (tenant_id is null), effective_from desc) p");
        if (afterKey != null) {
            sql.append(" where (provider || chr(31) || model) > :after");
        }
        sql.append(" order by provider, model limit :limit");
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString())
                .param("tenant", tenantId)
                .param("at", Timestamp.from(at))
                .param("limit", limit);
        if (provider != null) {
            spec = spec.param("provider", provider);
        }
        if (model != null) {
            spec = spec.param("model", model);
        }
        if (afterKey != null) {
            spec = spec.param("after", afterKey);
        }
        return spec.query(PriceBook::map).list();
    }

    /** Whether the tenant lets calls to models without a price through (they are then recorded as unpriced). */
    @Transactional(readOnly = true)
    public boolean allowsUnpricedModels(UUID tenantId) {
        return jdbc.sql("select allow_unpriced_models from billing.tenant_settings where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    static PriceVersion map(ResultSet rs, int row) throws SQLException {
        Object tenant = rs.getObject("tenant_id");
        int window = rs.getInt("context_window");
        Integer contextWindow = rs.wasNull() ? null : window;
        BigDecimal cached = rs.getBigDecimal("cached_input_per_mtok_usd");
        return new PriceVersion(
                rs.getObject("id", UUID.class),
                tenant == null ? null : (UUID) tenant,
                rs.getString("provider"),
                rs.getString("model"),
                rs.getBigDecimal("input_per_mtok_usd"),
                rs.getBigDecimal("output_per_mtok_usd"),
                cached,
                contextWindow,
                rs.getBoolean("supports_tools"),
                rs.getTimestamp("effective_from").toInstant());
    }

    /** Key used for keyset paging over (provider, model). */
    static String keyOf(PriceVersion p) {
        return p.provider() + (char) 31 + p.model();
    }
}
