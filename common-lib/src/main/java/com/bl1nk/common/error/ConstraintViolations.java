package com.bl1nk.common.error;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Kept apart so the handlers load without Bean Validation on the classpath. */
final class ConstraintViolations {

    private ConstraintViolations() {}

    static boolean isConstraintViolation(Throwable ex) {
        return ex instanceof ConstraintViolationException;
    }

    static List<Problems.FieldError> fieldErrors(Throwable ex) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : ((ConstraintViolationException) ex).getConstraintViolations()) {
            errors.add(new Problems.FieldError(field(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problems.FieldError::field).thenComparing(Problems.FieldError::message));
        return errors;
    }

    /** Drops the method node of method-validation paths ({@code create.request.name} becomes {@code request.name}). */
    private static String field(Path path) {
        List<String> names = new ArrayList<>();
        boolean skipFirst = false;
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD) {
                skipFirst = true;
                continue;
            }
            if (node.getName() != null) {
                names.add(node.getName());
            }
        }
        String joined = String.join(".", names);
        return joined.isEmpty() ? (skipFirst ? "parameters" : "value") : joined;
    }
}
