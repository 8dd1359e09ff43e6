package dev.troco.kit.problem;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Text that is an ISO 8601 date-time with an offset ({@code 2026-11-22T00:00:00Z},
 * {@code 2026-11-22T00:00:00-03:00}) on a day and at a time that exist: a pattern alone lets
 * {@code 2026-02-30T25:61:00Z} through, to fail later where the caller cannot be told why.
 * Null is valid (say {@code @NotNull} too when the value is required).
 */
@Documented
@Constraint(validatedBy = IsoInstant.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoInstant {

    String message() default "must be an ISO 8601 date-time with an offset, on a real day and time, e.g. 2026-11-22T00:00:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses strictly (the ISO formatters refuse February 30th and hour 24). */
    class Check implements ConstraintValidator<IsoInstant, String> {

        /** Longer than any ISO 8601 date-time with nanoseconds and an offset. */
        private static final int MAX_LENGTH = 40;

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.length() > MAX_LENGTH) {
                return false;
            }
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
