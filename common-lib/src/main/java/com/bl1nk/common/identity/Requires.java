package com.bl1nk.common.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs: every handler method of every bl1nk controller declares exactly one, and a service
 * with an undeclared endpoint does not start ({@link PermissionCoverage}). Checked before the request body is read.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Requires {
    Permission value();
}
