package dev.troco.gateway.security;

import dev.troco.gateway.domain.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a merchant endpoint: callers authenticate with an API key from an allowed IP, need this
 * permission, and are rate limited. See {@link MerchantRequestFilter}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {

    Permission value();
}
