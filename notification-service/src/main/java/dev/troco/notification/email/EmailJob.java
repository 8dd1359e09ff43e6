package dev.troco.notification.email;

import dev.troco.notification.event.Environment;

/**
 * An e-mail claimed for sending.
 *
 * @param recipient null when the job is for the company's Moderators (looked up when sent)
 * @param attempts attempts made before this one
 */
public record EmailJob(
        String id,
        String dedupKey,
        String companyId,
        Environment environment,
        String recipient,
        String subject,
        String textBody,
        String htmlBody,
        int attempts) {

    public boolean forModerators() {
        return recipient == null;
    }
}
