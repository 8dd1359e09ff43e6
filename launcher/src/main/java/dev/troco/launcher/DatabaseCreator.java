package dev.troco.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Creates each service's database when it does not exist yet, on the embedded server or an external one. */
final class DatabaseCreator {

    private static final String DUPLICATE_DATABASE = "42P04";

    private DatabaseCreator() {
    }

    /** @return the databases that were created (those that existed are left alone) */
    static List<String> createMissing(PostgresServer server, List<String> databases) throws LaunchException {
        Properties login = new Properties();
        login.setProperty("user", server.user());
        login.setProperty("password", server.password());
        login.setProperty("connectTimeout", "10");
        List<String> created = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(server.maintenanceDatabase()), login)) {
            for (String database : databases) {
                if (!exists(connection, database) && create(connection, database)) {
                    created.add(database);
                }
            }
        } catch (SQLException e) {
            throw new LaunchException("Could not create the services' databases on " + server.hostAndPort()
                    + " as " + server.user() + ": " + e.getMessage(), e);
        }
        return created;
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean create(Connection connection, String database) throws SQLException {
        // CREATE DATABASE takes no bind parameters; the names are the launcher's own constants.
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + database + "\"");
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                return false; // created by someone else in between: fine
            }
            throw e;
        }
    }
}
