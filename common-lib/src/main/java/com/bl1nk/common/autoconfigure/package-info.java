/**
 * Spring Boot auto-configuration of the common-lib mechanisms; each class is conditional on the classes, beans and
 * properties it needs, so a service only gets what it uses, and every bean backs off when the service defines its own.
 */
package com.bl1nk.common.autoconfigure;
