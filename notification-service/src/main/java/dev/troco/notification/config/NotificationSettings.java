package dev.troco.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The notification-service's own settings. Secrets come from the environment in production, never from the repository. */
@ConfigMapping(prefix = "troco.notification")
public interface NotificationSettings {

    /** AES-256 key (base64 of 32 bytes) that encrypts webhook signing secrets at rest. */
    String encryptionKey();

    /**
     * Host names (as written in a URL: {@code localhost}, {@code 127.0.0.1}) whose private, loopback
     * or link-local addresses webhooks may still reach. Empty in production; development and tests
     * list their local receivers here.
     */
    Optional<List<String>> allowedPrivateHosts();

    /**
     * Troco's own service ports, never reached by a webhook, callback or IPN even on a host allowed
     * above: a port ({@code 8084}: refused on allowlisted private hosts) or {@code host:port} (refused
     * whatever the host resolves to). Checked at registration (or when a charge's URL is planned) and
     * at every connection. The default is what {@code ./troco up} runs: the gateway and services
     * (8080-8084), the gateway's operator port (9080: admin and internal APIs), local SMTP (13025),
     * PostgreSQL (15432) and Kafka's broker and controller (19092, 19093). A deployment whose
     * services listen elsewhere lists them ({@code TROCO_NOTIFICATION_FORBIDDEN_PORTS}).
     */
    @WithDefault("8080,8081,8082,8083,8084,9080,13025,15432,19092,19093")
    List<String> forbiddenPorts();

    /** Webhook endpoints one company may register per environment. */
    @WithDefault("20")
    int endpointsPerCompanyMax();

    /** How long a rotated secret keeps signing next to its replacement when the caller does not say. */
    @WithDefault("PT24H")
    Duration secretRotationOverlapDefault();

    /** Longest overlap a caller may ask for when rotating a secret. */
    @WithDefault("P7D")
    Duration secretRotationOverlapMax();

    Delivery delivery();

    Email email();

    Dashboard dashboard();

    Retention retention();

    /** How e-mail jobs are sent (SMTP itself is {@code quarkus.mailer.*}). */
    interface Email {

        /** How often the sender looks for due e-mails ({@code @Scheduled} reads it as {@code ${...}}). */
        @WithDefault("2s")
        String pollInterval();

        /**
         * Waits between attempts of a job whose sending failed (SMTP down, refused). Unset: the
         * published {@code EmailRetrySchedule.STANDARD_DELAYS} (about two days). Tests set milliseconds.
         */
        Optional<List<Duration>> retryDelays();

        /** Jobs claimed in one run of the sender. */
        @WithDefault("50")
        int claimBatchSizeMax();

        /** How long a claimed job is reserved for the replica sending it; a replica that dies mid-send leaves it to this. */
        @WithDefault("PT2M")
        Duration lease();

        /** E-mail recipients one setting may name. */
        @WithDefault("20")
        int recipientsMax();

        /**
         * The public page where a recipient confirms it wants a company's notifications; the mailed
         * link is this with {@code ?token=...}. The gateway serves it ({@code GET} shows a button,
         * {@code POST} confirms through this service's internal endpoint), so the link never confirms
         * by being fetched (mail scanners open links). {@code TROCO_NOTIFICATION_EMAIL_CONFIRMATION_URL}
         * in production: the gateway's public address.
         */
        @WithDefault("http://127.0.0.1:8080/email-recipients/confirm")
        String confirmationUrl();

        /** How long a confirmation link works; an address still unconfirmed then is asked again when next needed. */
        @WithDefault("P7D")
        Duration confirmationTtl();

        /** Confirmation e-mails one company may cause within 24 hours, so they cannot be used to mail strangers in bulk. */
        @WithDefault("50")
        int confirmationsPerCompanyPerDay();
    }

    /** The dashboard feed and its live stream. */
    interface Dashboard {

        /** Dashboard users one setting may name. */
        @WithDefault("50")
        int recipientsMax();

        /** A comment is sent this often on an idle stream, so proxies keep it open and dead clients are noticed. */
        @WithDefault("PT15S")
        Duration heartbeat();

        /** Notifications a reconnecting stream (Last-Event-ID) catches up on, at most. */
        @WithDefault("100")
        int catchUpMax();
    }

    /** How long stored events are kept. */
    interface Retention {

        /** How often old events are pruned. */
        @WithDefault("1h")
        String every();

        /** How long after start the first pruning runs. */
        @WithDefault("1m")
        String delay();

        /** Events older than this are deleted, with their deliveries and attempts (the events API shows 30 days). */
        @WithDefault("P30D")
        Duration events();

        /** Rows deleted per transaction, so pruning never holds long locks. */
        @WithDefault("1000")
        int batchSize();
    }

    /** How webhooks are sent. */
    interface Delivery {

        /** Whole time one attempt may take, connection to last byte read (seed 004: answer within 5 seconds). */
        @WithDefault("5000")
        long timeoutMs();

        /**
         * Waits between attempts, after the first (immediate) one. Unset: the published
         * {@code RetrySchedule.STANDARD_DELAYS}. Tests set milliseconds here.
         */
        Optional<List<Duration>> retryDelays();

        /** Each wait is stretched or shrunk by up to this fraction, at random, so retries of many endpoints spread out. */
        @WithDefault("0.2")
        double jitterRatio();

        /** Longest wait a {@code Retry-After} answer may impose on one retry. */
        @WithDefault("PT24H")
        Duration retryAfterMax();

        /** An endpoint failing every attempt for this long is disabled. */
        @WithDefault("P5D")
        Duration disableAfter();

        /**
         * Production attempts running at once in this process, all companies together: the threads of
         * the production lane of webhooks, and as many again for production IPNs. Sandbox has lanes of
         * its own ({@link #sandboxPoolSize()}), so sandbox traffic never takes a production thread.
         */
        @WithDefault("16")
        int poolSize();

        /** Sandbox attempts running at once in this process (webhooks; as many again for sandbox IPNs). */
        @WithDefault("8")
        int sandboxPoolSize();

        /**
         * Attempts one company runs at once in one lane (capped at the lane's size): a company whose
         * receivers are slow or dead, however many it has, holds at most this many threads, and the
         * others are served meanwhile.
         */
        @WithDefault("4")
        int perCompanyConcurrencyMax();

        /**
         * Attempts running at once towards one endpoint, callback host or IPN host, so a slow one holds
         * few threads. Every attempt ends within {@link #timeoutMs()} whatever the host does.
         */
        @WithDefault("2")
        int perEndpointConcurrencyMax();

        /** Due deliveries looked at in one claim. */
        @WithDefault("100")
        int claimBatchSizeMax();

        /** How often due deliveries are looked for when nothing wakes the dispatcher. */
        @WithDefault("1000")
        long pollIntervalMs();

        /**
         * How long a claimed delivery is reserved for the replica that claimed it. A replica that dies
         * mid-attempt leaves it to be retried after this; it must exceed {@link #timeoutMs()}.
         */
        @WithDefault("60000")
        long leaseMs();
    }
}
