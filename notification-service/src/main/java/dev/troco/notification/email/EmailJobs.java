package dev.troco.notification.email;

import dev.troco.kit.id.Ids;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code email_job} table: e-mails waiting to be sent, being sent, sent or given up. */
@ApplicationScoped
public class EmailJobs {

    static final String ID_PREFIX = "eml";
    private static final int ERROR_LENGTH_MAX = 1000;
    private static final String COLUMNS =
            "id, dedup_key, company_id, environment, recipient, subject, text_body, html_body, attempts";

    private final Sql sql;

    EmailJobs(Sql sql) {
        this.sql = sql;
    }

    /**
     * Queues an e-mail in the caller's transaction, due at once; false if one with this
     * {@code dedupKey} exists already (the same cause, seen again).
     *
     * @param recipient null: the company's Moderators
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enqueue(String dedupKey, String companyId, Environment environment, String recipient,
            EmailComposer.Composed mail, Instant now) {
        return sql.update("""
                INSERT INTO email_job (id, dedup_key, company_id, environment, audience, recipient, subject, text_body,
                    html_body, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)
                ON CONFLICT (dedup_key) DO NOTHING""", s -> {
                    s.setString(1, Ids.next(ID_PREFIX));
                    s.setString(2, dedupKey);
                    s.setString(3, companyId);
                    s.setString(4, environment.name());
                    s.setString(5, recipient == null ? "MODERATORS" : "RECIPIENT");
                    s.setString(6, recipient);
                    // A subject is one header line: whatever a title carries, no line break gets into it.
                    s.setString(7, mail.subject().replaceAll("\\p{Cntrl}", " "));
                    s.setString(8, mail.text());
                    s.setString(9, mail.html());
                    Sql.setInstant(s, 10, now);
                    Sql.setInstant(s, 11, now);
                }) == 1;
    }

    /**
     * Due jobs, locked ({@code SKIP LOCKED}: replicas claim different ones) and leased until
     * {@code leaseUntil}, so no other replica sends them meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EmailJob> claimDue(Instant now, int limit, Instant leaseUntil) {
        List<EmailJob> due = sql.query("SELECT " + COLUMNS + """
                 FROM email_job WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setInt(2, limit);
                }, EmailJobs::read);
        for (EmailJob job : due) {
            sql.update("UPDATE email_job SET next_attempt_at = ? WHERE id = ?", s -> {
                Sql.setInstant(s, 1, leaseUntil);
                s.setString(2, job.id());
            });
        }
        return due;
    }

    /** Sent: never sent again. False if the job is no longer pending (nothing changed then). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markSent(String id, Instant now) {
        return sql.update("""
                UPDATE email_job SET status = 'SENT', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL,
                    last_error = NULL WHERE id = ? AND status = 'PENDING'""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, id);
                }) == 1;
    }

    /** Replaced by one job per Moderator. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markExpanded(String id, Instant now) {
        return sql.update("""
                UPDATE email_job SET status = 'EXPANDED', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL
                WHERE id = ? AND status = 'PENDING'""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, id);
                }) == 1;
    }

    /** A failed attempt: due again at {@code next}, or FAILED for good when it is null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markFailed(String id, String error, Instant next) {
        String trimmed = error == null ? null : error.substring(0, Math.min(error.length(), ERROR_LENGTH_MAX));
        sql.update("""
                UPDATE email_job SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND status = 'PENDING'""", s -> {
                    s.setString(1, next == null ? "FAILED" : "PENDING");
                    s.setString(2, trimmed);
                    Sql.setInstant(s, 3, next);
                    s.setString(4, id);
                });
    }

    /** Deletes up to {@code limit} finished jobs created before {@code before}; answers how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int pruneFinished(Instant before, int limit) {
        return sql.update("""
                DELETE FROM email_job WHERE id IN (SELECT id FROM email_job
                 WHERE created_at < ? AND status <> 'PENDING' ORDER BY created_at LIMIT ?)""", s -> {
                    Sql.setInstant(s, 1, before);
                    s.setInt(2, limit);
                });
    }

    private static EmailJob read(ResultSet row) throws SQLException {
        return new EmailJob(row.getString("id"), row.getString("dedup_key"), row.getString("company_id"),
                Environment.valueOf(row.getString("environment")), row.getString("recipient"),
                row.getString("subject"), row.getString("text_body"), row.getString("html_body"),
                row.getInt("attempts"));
    }
}
