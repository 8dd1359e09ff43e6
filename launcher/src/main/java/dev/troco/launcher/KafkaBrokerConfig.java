package dev.troco.launcher;

import java.nio.file.Path;

/**
 * The configuration files of the local broker: a single KRaft node that is broker and controller at once,
 * so no ZooKeeper and no second process. Rendered as text so tests can read it back.
 */
record KafkaBrokerConfig(String host, int brokerPort, int controllerPort, Path logDir) {

    static final int BROKER_PORT = 19092;
    static final int CONTROLLER_PORT = 19093;

    static KafkaBrokerConfig local(Path logDir) {
        return local(logDir, PortPlan.DEFAULT);
    }

    static KafkaBrokerConfig local(Path logDir, PortPlan ports) {
        return new KafkaBrokerConfig("127.0.0.1", ports.kafkaBroker(), ports.kafkaController(), logDir);
    }

    String bootstrapServers() {
        return host + ":" + brokerPort;
    }

    String serverProperties() {
        return """
                # Written by the Troco launcher on every start: change the launcher, not this file.
                # One KRaft node, broker and controller in one process, with a static one-voter quorum
                # (formatted with kafka-storage format -t <cluster id>, without --standalone).
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@%1$s:%3$d
                controller.listener.names=CONTROLLER
                listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
                advertised.listeners=PLAINTEXT://%1$s:%2$d
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%4$s

                # A single broker can hold one copy only: internal topics would otherwise never be created.
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                num.partitions=1

                # Services may still rely on topics appearing on first use; to be revisited once they declare theirs.
                auto.create.topics.enable=true
                # Nobody else will join a consumer group on a laptop: do not wait 3 s for them at every start.
                group.initial.rebalance.delay.ms=0
                """.formatted(host, brokerPort, controllerPort, escapeValue(logDir.toAbsolutePath().toString()));
    }

    /** log4j2 configuration of the broker JVM: everything into one rolling file, nothing on the console. */
    static String log4j2Config(Path logFile) {
        String file = escapeXml(logFile.toAbsolutePath().toString());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the Troco launcher on every start: change the launcher, not this file. -->
                <!-- Log4j's own shutdown hook is off so that what Kafka logs while shutting down is kept. -->
                <Configuration status="warn" shutdownHook="disable">
                  <Appenders>
                    <RollingFile name="file" fileName="%1$s" filePattern="%1$s.%%i">
                      <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
                      <Policies>
                        <SizeBasedTriggeringPolicy size="20 MB"/>
                      </Policies>
                      <DefaultRolloverStrategy max="3"/>
                    </RollingFile>
                  </Appenders>
                  <Loggers>
                    <Root level="info">
                      <AppenderRef ref="file"/>
                    </Root>
                  </Loggers>
                </Configuration>
                """.formatted(file);
    }

    /** In a .properties value a backslash starts an escape (Windows paths), and leading blanks vanish. */
    private static String escapeValue(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String escapeXml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
