package dev.troco.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} and {@code --name value} options; every option read must be known, others are refused. */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> read = new ArrayList<>();

    Options(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(arg.substring(2), args.get(++i));
            } else {
                values.put(arg.substring(2), "true");
            }
        }
    }

    String text(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(text(name, String.valueOf(fallback)));
    }

    long seed(String name) {
        String value = text(name, null);
        return value == null ? System.nanoTime() : Long.parseLong(value);
    }

    double decimal(String name, double fallback) {
        return Double.parseDouble(text(name, String.valueOf(fallback)));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }

    List<Double> decimals(String name, String fallback) {
        String value = text(name, fallback);
        List<Double> list = new ArrayList<>();
        if (value != null && !value.isBlank()) {
            for (String part : value.split(",")) {
                list.add(Double.parseDouble(part.trim()));
            }
        }
        return list;
    }

    /** Call after every option has been read: a misspelt option must not silently fall back to a default. */
    void requireAllKnown() {
        List<String> unknown = values.keySet().stream().filter(k -> !read.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
        }
    }
}
