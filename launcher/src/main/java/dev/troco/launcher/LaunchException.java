package dev.troco.launcher;

import java.util.List;

/** A failure to report to the person at the terminal: a message, and details such as the tail of a log. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> details;

    LaunchException(String message) {
        this(message, List.of());
    }

    LaunchException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
        this.details = List.of();
    }

    List<String> details() {
        return details;
    }
}
