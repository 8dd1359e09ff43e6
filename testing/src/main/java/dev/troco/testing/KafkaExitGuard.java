package dev.troco.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Exit;

/**
 * Keeps an in-JVM Kafka broker from ending the test JVM.
 *
 * <p>On a fault it deems fatal (a failed log directory, a metadata error, a controller fault) a Kafka
 * server calls {@link Exit#halt} or {@link Exit#exit}, which in a real broker ends the process. Inside a
 * test JVM that kills every test still to run, and Surefire can only report "the forked VM terminated
 * without saying goodbye". This guard replaces both procedures: the request is printed with the thread
 * and stack that made it, and refused with an exception in that thread, so the broker stops working and
 * the tests that need it fail with a reason while the others go on.
 */
final class KafkaExitGuard {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private KafkaExitGuard() {
    }

    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Exit.setExitProcedure((code, message) -> refuse("exit", code, message));
        Exit.setHaltProcedure((code, message) -> refuse("halt", code, message));
    }

    private static void refuse(String what, int code, String message) {
        RefusedExit refused = new RefusedExit(String.format(
                "the in-JVM Kafka broker asked to %s the JVM with status %d (%s); refused", what, code, message));
        System.err.printf("[troco-testing] %s in thread %s%n", refused.getMessage(), Thread.currentThread().getName());
        refused.printStackTrace();
        throw refused;
    }

    /** What a Kafka thread gets instead of ending the JVM. */
    static final class RefusedExit extends IllegalStateException {
        RefusedExit(String message) {
            super(message);
        }
    }
}
