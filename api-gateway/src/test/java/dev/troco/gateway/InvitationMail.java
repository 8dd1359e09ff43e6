package dev.troco.gateway;

import static org.awaitility.Awaitility.await;

import dev.troco.events.MessageCodec;
import dev.troco.events.Topics;
import dev.troco.events.notification.SendInvitation;
import dev.troco.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the notification-service would mail an invitee: the gateway never answers an invitation's token, so a test
 * reads the {@code SendInvitation} commands the gateway publishes to the test broker. One reader for the whole JVM,
 * assigned every partition from its beginning (no consumer group, so nothing waits on a group coordinator), that
 * keeps reading whatever a poll throws.
 */
final class InvitationMail {

    private static final MessageCodec CODEC = MessageCodec.standard();
    private static final List<SendInvitation> SENT = new CopyOnWriteArrayList<>();
    private static Thread reader;

    private InvitationMail() {
    }

    private static synchronized void start() {
        if (reader != null) {
            return;
        }
        reader = new Thread(InvitationMail::read, "invitation-mail");
        reader.setDaemon(true);
        reader.start();
    }

    private static void read() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            while (true) {
                try {
                    if (consumer.assignment().isEmpty()) {
                        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.NOTIFICATION_COMMANDS);
                        if (partitions == null || partitions.isEmpty()) {
                            Thread.sleep(100); // not created yet: the first invitation creates it
                            continue;
                        }
                        List<TopicPartition> all = partitions.stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                        consumer.assign(all);
                        consumer.seekToBeginning(all);
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (CODEC.decode(record.value()) instanceof SendInvitation invitation) {
                            SENT.add(invitation);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // a broker hiccup: the assignment and position stay, the next poll goes on from there
                }
            }
        }
    }

    /** Every invitation published for {@code email} so far, oldest first. */
    static List<SendInvitation> sentTo(String email) {
        start();
        return SENT.stream().filter(invitation -> invitation.getEmail().equalsIgnoreCase(email)).toList();
    }

    /** The {@code number}th invitation (1 = the first) mailed to {@code email}, once it is published. */
    static SendInvitation awaitInvitation(String email, int number) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(email).size() >= number);
        return sentTo(email).get(number - 1);
    }

    /** The token of the first invitation mailed to {@code email}. */
    static String tokenFor(String email) {
        return awaitInvitation(email, 1).getInvitationToken();
    }
}
