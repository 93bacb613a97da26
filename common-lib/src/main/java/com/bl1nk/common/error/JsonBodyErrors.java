package com.bl1nk.common.error;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A body that is JSON but has a value of the wrong type ({@code "maxSteps": "ten"}) becomes 400 {@code invalid_request}
 * naming the field by its JSON path and the type that was expected, instead of "Failed to read request": shared by the
 * servlet and the reactive handlers so every service answers the same way. Syntax errors stay {@code malformed_body}.
 */
public final class JsonBodyErrors {

    /** Problem property: the field's JSON path, e.g. {@code tools[0].function.name} (OpenAI's {@code param}). */
    public static final String FIELD = "field";

    /** Problem property: the JSON type the field must have, e.g. {@code integer}. */
    public static final String EXPECTED = "expected";

    private JsonBodyErrors() {}

    /** The problem for a body whose JSON did not fit the expected shape, when {@code ex} was caused by that. */
    public static Optional<ProblemDetail> problemFor(Throwable ex) {
        MismatchedInputException mismatch = find(ex);
        if (mismatch == null) {
            return Optional.empty();
        }
        String field = path(mismatch.getPath());
        String detail;
        String expected = null;
        if (mismatch instanceof UnrecognizedPropertyException unknown) {
            detail = "`" + field + "` is not a field of this request" + known(unknown.getKnownPropertyIds());
        } else {
            expected = jsonType(mismatch.getTargetType());
            String got = mismatch instanceof InvalidFormatException invalid ? describe(invalid.getValue()) : null;
            if (field.isEmpty()) {
                detail = "The body must be a JSON " + expected + (got == null ? "" : ", not " + got);
            } else {
                detail = "`" + field + "` must be " + article(expected) + (got == null ? "" : ", not " + got);
            }
        }
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        pd.setProperty(Problems.CODE, CommonErrorCode.INVALID_REQUEST.code());
        if (!field.isEmpty()) {
            pd.setProperty(FIELD, field);
            pd.setProperty(
                    Problems.ERRORS,
                    List.of(new Problems.FieldError(
                            field, expected == null ? "is not a known field" : "must be " + article(expected))));
        }
        if (expected != null) {
            pd.setProperty(EXPECTED, expected);
        }
        return Optional.of(pd);
    }

    private static MismatchedInputException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MismatchedInputException m) {
                return m;
            }
        }
        return null;
    }

    /** {@code steps[0].name} from Jackson's reference chain (array indexes in brackets). */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON type a Java target type is read from, in the words of a JSON schema. */
    static String jsonType(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class
                || type == byte.class
                || type == Byte.class
                || type == BigInteger.class) {
            return "integer";
        }
        if (type == double.class
                || type == Double.class
                || type == float.class
                || type == Float.class
                || type == BigDecimal.class
                || Number.class.isAssignableFrom(type)) {
            return "number";
        }
        if (type == UUID.class) {
            return "string (a UUID)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "string (an ISO-8601 date-time)";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            StringBuilder values = new StringBuilder();
            for (Object c : constants) {
                values.append(values.isEmpty() ? "" : ", ").append(c.toString().toLowerCase());
            }
            return "string (one of " + values + ")";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "object";
        }
        return type.getSimpleName();
    }

    private static String article(String jsonType) {
        return (jsonType.startsWith("a") || jsonType.startsWith("i") || jsonType.startsWith("o") ? "an " : "a ")
                + jsonType;
    }

    /** The offending value for the message: short, and never more than 40 characters of it. */
    private static String describe(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "…";
        }
        return value instanceof CharSequence ? "the string \"" + text + "\"" : text;
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > 30) {
            return "";
        }
        StringBuilder names = new StringBuilder();
        for (Object id : ids) {
            names.append(names.isEmpty() ? "" : ", ").append(id);
        }
        return "; known fields: " + names;
    }
}
