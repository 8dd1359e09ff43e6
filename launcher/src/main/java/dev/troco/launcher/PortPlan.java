package dev.troco.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every port a local platform listens on, each the fixed one ({@link TrocoService}, Kafka 19092/19093, PostgreSQL
 * 15432, SMTP 13025) plus one offset. The offset (0 by default) lets a second platform run beside the first on one
 * machine: a test's private platform next to a developer's {@code ./troco up}, for example.
 */
record PortPlan(int offset) {

    static final PortPlan DEFAULT = new PortPlan(0);
    /** The gateway's operator port in Compose and Kubernetes; the launcher does not open it, but no URL may target it. */
    static final int OPERATOR_PORT = 9080;
    /** Keeps the highest shifted port (the Kafka controller's) below 65536. */
    static final int OFFSET_MAX = 40000;

    PortPlan {
        if (offset < 0 || offset > OFFSET_MAX) {
            throw new IllegalArgumentException("port offset out of range: " + offset);
        }
    }

    int service(TrocoService service) {
        return service.port() + offset;
    }

    int kafkaBroker() {
        return KafkaBrokerConfig.BROKER_PORT + offset;
    }

    int kafkaController() {
        return KafkaBrokerConfig.CONTROLLER_PORT + offset;
    }

    int postgres() {
        return EmbeddedDatabase.PORT + offset;
    }

    int smtp() {
        return LocalMailServer.PORT + offset;
    }

    /** Where a service answers, for the other services and for people. */
    String serviceUrl(TrocoService service) {
        return "http://127.0.0.1:" + service(service);
    }

    /**
     * The platform's own ports, which no merchant URL (webhook, callbackUrl, ipn_url) may target even on an
     * allowed local host: the services' defaults list the unshifted ones.
     */
    String forbiddenPorts() {
        List<Integer> ports = new ArrayList<>();
        for (TrocoService service : TrocoService.values()) {
            ports.add(service(service));
        }
        ports.addAll(List.of(OPERATOR_PORT + offset, smtp(), postgres(), kafkaBroker(), kafkaController()));
        return ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }
}
