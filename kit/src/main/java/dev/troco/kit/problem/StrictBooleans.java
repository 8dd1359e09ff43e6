package dev.troco.kit.problem;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * A boolean in a path, query or header is {@code true} or {@code false}: JAX-RS would read
 * {@code undelivered=maybe} as {@code false} and answer as if the caller had asked for that.
 * Anything else is a 400 that names the value ({@link ProblemMappers} turns the converter's
 * {@link IllegalArgumentException} into {@code bad_request}). A primitive {@code boolean} parameter
 * needs {@code @DefaultValue("false")}: without one, an absent parameter reaches this converter as
 * {@code "0"} and is refused.
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    private static final ParamConverter<Boolean> STRICT = new ParamConverter<>() {
        @Override
        public Boolean fromString(String value) {
            if (value == null) {
                return null;
            }
            return switch (value) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(
                        "'" + (value.length() > 32 ? value.substring(0, 32) + "..." : value)
                                + "' is not a boolean; send true or false");
            };
        }

        @Override
        public String toString(Boolean value) {
            return value == null ? null : value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == Boolean.class || rawType == boolean.class ? (ParamConverter<T>) STRICT : null;
    }
}
