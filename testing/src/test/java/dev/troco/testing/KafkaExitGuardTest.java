package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

class KafkaExitGuardTest {

    @Test
    void aBrokersHaltOrExitIsRefusedInItsThreadAndTheJvmGoesOn() throws Exception {
        KafkaExitGuard.install();
        KafkaExitGuard.install(); // twice changes nothing

        var halt = assertThrows(KafkaExitGuard.RefusedExit.class, () -> Exit.halt(1, "log dir failed"));
        assertTrue(halt.getMessage().contains("halt the JVM with status 1 (log dir failed)"), halt.getMessage());
        var exit = assertThrows(KafkaExitGuard.RefusedExit.class, () -> Exit.exit(1));
        assertTrue(exit.getMessage().contains("exit the JVM with status 1"), exit.getMessage());

        // a Kafka thread that asks gets the refusal, and only that thread ends
        Throwable[] seen = new Throwable[1];
        Thread kafkaThread = new Thread(() -> {
            try {
                Exit.halt(1, "controller fault");
            } catch (Throwable t) {
                seen[0] = t;
            }
        }, "kafka-like");
        kafkaThread.start();
        kafkaThread.join();
        assertEquals(KafkaExitGuard.RefusedExit.class, seen[0].getClass());
    }
}
