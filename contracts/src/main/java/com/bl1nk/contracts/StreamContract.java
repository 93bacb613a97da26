package com.bl1nk.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as the payload of one Redis stream message, naming its stream, type and schema version once, so the
 * producer's envelope and the consumer's check read the same three values (common-lib's {@code StreamCodec}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamContract {

    /** Logical stream name, without the key prefix, e.g. {@code bl1nk:usage}. */
    String stream();

    /** The envelope's {@code type} field, e.g. {@code ModelCallMetered}. */
    String type();

    /** The envelope's {@code version} field: bumped on any change a consumer of the old version cannot read. */
    int version();
}
