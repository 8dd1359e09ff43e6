package dev.troco.kit.inbox;

/**
 * The effect of one message. It runs inside the transaction that also records the message id in
 * the inbox, so it must change only this service's database (and its outbox). Throw
 * {@link PoisonMessageException} for a message that can never be handled; any other exception is
 * treated as temporary and the message is retried.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(IncomingMessage message);
}
