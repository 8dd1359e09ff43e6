package dev.troco.notification.email;

import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Consent of e-mail recipients (finding M8): an address a company names in its notification settings
 * receives nothing until its owner confirms it wants this company's notifications, by opening a link
 * mailed to it once. Without this, anyone with a sandbox key could make Troco mail whomever they like.
 *
 * <p>"The company's own people" cannot be told apart here: settings name free-text addresses, and the
 * gateway's directory only lists Moderators. So every address needs confirming, a Moderator's too
 * (once per company); mail to the Moderators as such (a disabled endpoint) goes to the addresses
 * the gateway answers and needs none.
 *
 * <p>The token is 256 random bits, mailed once and stored only as its SHA-256; it expires after
 * {@code troco.notification.email.confirmation-ttl}, after which the next change of settings (or the
 * next notification) mails a new one. A company asks at most
 * {@code troco.notification.email.confirmations-per-company-per-day} confirmations a day, so the
 * confirmation mail itself (which carries no text of the company's) cannot be used to mail strangers in bulk.
 */
@ApplicationScoped
public class RecipientConfirmations {

    private static final Logger LOG = Logger.getLogger(RecipientConfirmations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String TOKEN_PREFIX = "erc_";
    private static final int TOKEN_BYTES = 32;

    /** A confirmed recipient, as the confirmation answers it. */
    public record Confirmed(String companyId, String address) {
    }

    private final Sql sql;
    private final EmailJobs jobs;
    private final EmailComposer composer;
    private final NotificationSettings.Email settings;
    private final Clock clock;

    RecipientConfirmations(Sql sql, EmailJobs jobs, EmailComposer composer, NotificationSettings settings, Clock clock) {
        this.sql = sql;
        this.jobs = jobs;
        this.composer = composer;
        this.settings = settings.email();
        this.clock = clock;
    }

    /** Which of {@code addresses} confirmed they want this company's mail (lowercase, as given). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> confirmedAmong(String companyId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(sql.query("""
                SELECT address FROM email_recipient
                WHERE company_id = ? AND address = ANY (?) AND confirmed_at IS NOT NULL""", s -> {
                    s.setString(1, companyId);
                    Sql.setTextArray(s, 2, addresses.stream().map(RecipientConfirmations::lower).toList());
                }, row -> row.getString("address")));
    }

    /**
     * Which of {@code addresses} have not confirmed they want this company's mail, as given and in their order:
     * what the settings API shows, so a merchant sees who still has to open the link.
     */
    @Transactional
    public List<String> unconfirmedAmong(String companyId, Collection<String> addresses) {
        Set<String> confirmed = confirmedAmong(companyId, addresses);
        return addresses.stream().filter(address -> !confirmed.contains(lower(address))).distinct().toList();
    }

    /**
     * Mails a confirmation link to each address that is neither confirmed nor waiting on a link still
     * valid, within the company's daily allowance; in the caller's transaction (the mail is queued with it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestWhereNeeded(String companyId, Environment environment, Collection<String> addresses) {
        for (String address : addresses) {
            request(companyId, environment, lower(address));
        }
    }

    private void request(String companyId, Environment environment, String address) {
        Instant now = clock.instant();
        Duration ttl = settings.confirmationTtl();
        long askedToday = sql.queryOne("""
                SELECT count(*) AS asked FROM email_recipient WHERE company_id = ? AND requested_at > ?""", s -> {
                    s.setString(1, companyId);
                    Sql.setInstant(s, 2, now.minus(Duration.ofDays(1)));
                }, row -> row.getLong("asked")).orElse(0L);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random());
        // Inserted, or a pending row whose link expired gets a new one; a confirmed or freshly asked row is left alone.
        boolean due = sql.update("""
                INSERT INTO email_recipient (company_id, address, token_hash, requested_at)
                SELECT ?, ?, ?, ? WHERE ? < ?
                ON CONFLICT (company_id, address) DO UPDATE SET token_hash = excluded.token_hash,
                    requested_at = excluded.requested_at
                WHERE email_recipient.confirmed_at IS NULL AND email_recipient.requested_at < ?""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, address);
                    s.setBytes(3, hash(token));
                    Sql.setInstant(s, 4, now);
                    s.setLong(5, askedToday);
                    s.setLong(6, settings.confirmationsPerCompanyPerDay());
                    Sql.setInstant(s, 7, now.minus(ttl));
                }) == 1;
        if (!due) {
            if (askedToday >= settings.confirmationsPerCompanyPerDay()) {
                LOG.warnf("company %s asked %d e-mail confirmations within a day: no more until tomorrow", companyId,
                        askedToday);
            }
            return;
        }
        String link = settings.confirmationUrl() + (settings.confirmationUrl().contains("?") ? "&" : "?")
                + "token=" + token;
        jobs.enqueue("confirm:" + companyId + "|" + address + "|" + now.toEpochMilli(), companyId, environment, address,
                composer.recipientConfirmation(companyId, environment, link, now.plus(ttl)), now);
    }

    /** Confirms the recipient whose pending, unexpired token this is; empty for any other token. */
    @Transactional
    public Optional<Confirmed> confirm(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Confirmed> confirmed = sql.query("""
                UPDATE email_recipient SET confirmed_at = ?, token_hash = NULL
                WHERE token_hash = ? AND requested_at >= ?
                RETURNING company_id, address""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setBytes(2, hash(token));
                    Sql.setInstant(s, 3, now.minus(settings.confirmationTtl()));
                }, row -> new Confirmed(row.getString("company_id"), row.getString("address")));
        return confirmed.stream().findFirst();
    }

    private static byte[] random() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
