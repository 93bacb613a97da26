package com.bl1nk.common.stream;

/** Field names of every bl1nk stream message (see docs/dev/CONTRACTS.md), in one place for producers and consumers. */
public final class StreamFields {

    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String VERSION = "version";
    public static final String TENANT_ID = "tenantId";
    public static final String TRACEPARENT = "traceparent";
    public static final String PAYLOAD = "payload";
    public static final String PUBLISHED_AT = "publishedAt";

    /** Dead-letter extras: original record id, error, delivery count, when and where it died. */
    public static final String ORIGINAL_ID = "originalId";

    public static final String ERROR = "error";
    public static final String DELIVERY_COUNT = "deliveryCount";
    public static final String DEAD_AT = "deadAt";
    public static final String GROUP = "group";
    public static final String CONSUMER = "consumer";

    private StreamFields() {}
}
