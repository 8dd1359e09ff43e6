package dev.troco.launcher;

import java.io.PrintStream;

/**
 * The launcher's output. On a terminal one status line at the bottom is rewritten in place (progress while
 * waiting); everything else is printed above it. Without a terminal (output piped to a file) there is no
 * status line, so logs do not fill with carriage returns.
 */
final class Console {

    private final PrintStream out;
    private final boolean interactive;
    private String status = "";

    Console(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    static Console system() {
        return new Console(System.out, System.console() != null);
    }

    boolean isInteractive() {
        return interactive;
    }

    synchronized void line(String text) {
        clearStatus();
        out.println(text);
        drawStatus();
    }

    /** Replaces the status line; an empty text removes it. */
    synchronized void status(String text) {
        if (!interactive) {
            return;
        }
        clearStatus();
        status = text;
        drawStatus();
    }

    private void clearStatus() {
        if (!status.isEmpty()) {
            out.print("\r\033[2K");
        }
    }

    private void drawStatus() {
        if (!status.isEmpty()) {
            out.print(status);
            out.flush();
        }
    }
}
