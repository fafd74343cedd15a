package org.tryvoha.error;

import java.util.List;

/** A refusal with a precise reason; the API renders it as a problem document. */
public final class ProblemException extends RuntimeException {
    public final ErrorCode code;
    public final List<FieldError> errors;

    public ProblemException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** A 422 listing every field that is wrong. */
    public static ProblemException invalid(List<FieldError> errors) {
        String fields = String.join(
                ", ", errors.stream().map(FieldError::field).distinct().toList());
        return new ProblemException(
                ErrorCode.INVALID,
                errors.size() == 1
                        ? errors.get(0).field() + ": " + errors.get(0).message()
                        : "invalid fields: " + fields + " (see errors)",
                errors);
    }

    /** One wrong field: its JSON path (e.g. {@code zones[2]}) and what to do about it. */
    public record FieldError(String field, String message) {}
}
