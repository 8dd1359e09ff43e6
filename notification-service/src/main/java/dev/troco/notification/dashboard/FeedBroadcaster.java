package dev.troco.notification.dashboard;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Pushes new feed entries to the live streams connected to this replica, whichever replica wrote
 * them. Each replica LISTENs on {@link DashboardFeed#CHANNEL} over one connection of its own
 * (outside the pool): PostgreSQL delivers a NOTIFY to every listener when the inserting
 * transaction commits, in commit order, never for a rollback. We chose it over polling the table:
 * no query per subscriber per interval, sub-second latency, and no gap from ids committed out of
 * order. What a lost connection may have missed is caught up on reconnect: each stream asks the
 * table for entries after the last one it sent.
 */
@ApplicationScoped
public class FeedBroadcaster {

    private static final Logger LOG = Logger.getLogger(FeedBroadcaster.class);
    private static final int WAIT_MS = 500;
    private static final long PROBE_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    private static final long RECONNECT_BACKOFF_MAX_MS = 10_000;
    private static final int SENT_IDS_KEPT = 256;

    /** One open stream of one user within one company. */
    public final class Subscriber {

        private final String companyId;
        private final String userId;
        private final Consumer<DashboardNotification> sink;
        private final Set<String> sent = new LinkedHashSet<>();
        private String lastId;

        private Subscriber(String companyId, String userId, String lastId, Consumer<DashboardNotification> sink) {
            this.companyId = companyId;
            this.userId = userId;
            this.lastId = lastId;
            this.sink = sink;
        }

        /** Sends an entry once, whether it comes live, from a catch-up, or both. */
        synchronized void deliver(DashboardNotification entry) {
            if (!sent.add(entry.id())) {
                return;
            }
            if (sent.size() > SENT_IDS_KEPT) {
                sent.remove(sent.iterator().next());
            }
            if (lastId == null || entry.id().compareTo(lastId) > 0) {
                lastId = entry.id();
            }
            sink.accept(entry);
        }

        /** Sends what is newer than the last entry sent (or than {@code Last-Event-ID}). */
        public void catchUp() {
            String after;
            synchronized (this) {
                after = lastId;
            }
            if (after != null) {
                feed.newerThan(companyId, userId, after, catchUpMax).forEach(this::deliver);
            }
        }

        public void close() {
            Set<Subscriber> set = subscribers.get(key(companyId, userId));
            if (set != null) {
                set.remove(this);
            }
        }
    }

    private final DashboardFeed feed;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final int catchUpMax;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    FeedBroadcaster(DashboardFeed feed, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "troco.notification.dashboard.catch-up-max", defaultValue = "100") int catchUpMax) {
        this.feed = feed;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.catchUpMax = catchUpMax;
    }

    /** Registers a stream; {@code lastEventId} (nullable) is the last entry the client has. */
    public Subscriber subscribe(String companyId, String userId, String lastEventId,
            Consumer<DashboardNotification> sink) {
        Subscriber subscriber = new Subscriber(companyId, userId, lastEventId, sink);
        subscribers.computeIfAbsent(key(companyId, userId), k -> new CopyOnWriteArraySet<>()).add(subscriber);
        return subscriber;
    }

    /** True while the LISTEN connection is up (readiness of the live feed). */
    public boolean listening() {
        return listening;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "troco-dashboard-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + DashboardFeed.CHANNEL);
                }
                listening = true;
                backoff = 0;
                // Whatever was committed while no connection listened.
                subscribers.values().forEach(set -> set.forEach(this::catchUpQuietly));
                PGConnection pg = connection.unwrap(PGConnection.class);
                long nextProbe = System.nanoTime() + PROBE_INTERVAL_NANOS;
                while (running) {
                    if (System.nanoTime() > nextProbe) {
                        // A connection cut without a reset would otherwise wait forever, hearing nothing.
                        try (Statement probe = connection.createStatement()) {
                            probe.execute("SELECT 1");
                        }
                        nextProbe = System.nanoTime() + PROBE_INTERVAL_NANOS;
                    }
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                backoff = Math.min(Math.max(backoff * 2, 500), RECONNECT_BACKOFF_MAX_MS);
                LOG.warnf("dashboard listener lost its connection (%s); reconnecting in %d ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        listening = false;
    }

    private void dispatch(String id) {
        Optional<DashboardNotification> entry = feed.find(id);
        if (entry.isEmpty()) {
            return;
        }
        Set<Subscriber> set = subscribers.get(key(entry.get().companyId(), entry.get().userId()));
        if (set != null) {
            List.copyOf(set).forEach(s -> s.deliver(entry.get()));
        }
    }

    private void catchUpQuietly(Subscriber subscriber) {
        try {
            subscriber.catchUp();
        } catch (RuntimeException e) {
            LOG.debugf("catch-up of a dashboard stream failed: %s", e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username.orElse(null), password.orElse(null));
    }

    private static String key(String companyId, String userId) {
        return companyId + "|" + userId;
    }
}
