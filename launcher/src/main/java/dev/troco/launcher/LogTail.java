package dev.troco.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a log file, with a heading saying which file they come from. */
final class LogTail {

    private LogTail() {
    }

    static List<String> of(Path logFile, int lines) {
        List<String> result = new ArrayList<>();
        try {
            // new String(bytes) replaces malformed input instead of failing on it, unlike Files.lines.
            List<String> content = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            List<String> last = content.subList(Math.max(0, content.size() - lines), content.size());
            result.add("---- last " + last.size() + " lines of " + logFile + " ----");
            last.forEach(line -> result.add("  | " + line));
        } catch (IOException e) {
            result.add("(could not read " + logFile + ": " + e.getMessage() + ")");
        }
        return result;
    }
}
