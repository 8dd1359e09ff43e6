package dev.troco.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the services' databases live: the embedded server or one given with --postgres.
 *
 * @param hostAndPort         "host:port" as it appears in a JDBC URL
 * @param maintenanceDatabase the database the launcher connects to in order to create the services' ones
 * @param query               JDBC URL parameters (without "?") passed on to every service, or ""
 */
record PostgresServer(String hostAndPort, String maintenanceDatabase, String query, String user, String password) {

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://([^/?\\s]+)(?:/([^?\\s]*))?(?:\\?(\\S*))?");

    static PostgresServer embedded(int port) {
        // Zonky's initdb uses trust authentication, so any password works; services still need one set.
        return new PostgresServer("127.0.0.1:" + port, "postgres", "", "postgres", "postgres");
    }

    /** Parses jdbc:postgresql://host:port[/database][?params]; the database, if any, is used for maintenance. */
    static PostgresServer parse(String url, String user, String password) {
        Matcher m = JDBC_URL.matcher(url.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: '" + url
                    + "' (expected jdbc:postgresql://HOST:PORT, optionally followed by /DATABASE)");
        }
        String database = m.group(2) == null || m.group(2).isBlank() ? "postgres" : m.group(2);
        String query = m.group(3) == null ? "" : m.group(3);
        return new PostgresServer(m.group(1), database, query, user, password);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostAndPort + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    @Override
    public String toString() {
        // Keeps the password out of any accidental print.
        return "PostgresServer[" + jdbcUrl(maintenanceDatabase) + ", user " + user + "]";
    }
}
