package dev.troco.notification.ipn;

import dev.troco.kit.problem.ApiException;
import dev.troco.notification.delivery.DeliveryAttempts;
import dev.troco.notification.event.Environment;
import dev.troco.notification.ipn.IpnDeliveries.IpnState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the IPNs API reads: a company's IPNs, newest first, so a merchant sees which ones its site did
 * not accept, and one IPN with the log of its attempts.
 */
@ApplicationScoped
public class IpnListing {

    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
    /** The gateway's limit on an initiate's identifier. */
    public static final int IDENTIFIER_LENGTH_MAX = 255;
    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The filters of a list call, as the caller sent them. */
    public record Filters(String status, boolean undeliveredOnly, String identifier, String chargeId, Integer limit,
            String startingAfter) {
    }

    public record Page(List<IpnState> ipns, boolean hasMore) {
    }

    public record IpnWithAttempts(IpnState ipn, List<DeliveryAttempts.Attempt> attempts) {
    }

    private final IpnDeliveries ipns;
    private final DeliveryAttempts attempts;

    IpnListing(IpnDeliveries ipns, DeliveryAttempts attempts) {
        this.ipns = ipns;
        this.attempts = attempts;
    }

    @Transactional
    public Page list(String companyId, Environment environment, Filters filters) {
        int limit = filters.limit() == null ? LIMIT_DEFAULT : filters.limit();
        if (limit < 1 || limit > LIMIT_MAX) {
            throw ApiException.invalidField("limit", "out_of_range", "must be between 1 and " + LIMIT_MAX);
        }
        Optional<String> status = present(filters.status());
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw ApiException.invalidField("status", "unknown_status", "must be PENDING, DELIVERED or FAILED");
        }
        if (filters.undeliveredOnly() && status.filter("DELIVERED"::equals).isPresent()) {
            throw ApiException.invalidField("undelivered", "conflicting_filters",
                    "undelivered=true finds no DELIVERED IPN: leave out one of the two");
        }
        Optional<String> identifier = present(filters.identifier());
        if (identifier.isPresent() && identifier.get().length() > IDENTIFIER_LENGTH_MAX) {
            throw ApiException.invalidField("identifier", "too_long",
                    "must be at most " + IDENTIFIER_LENGTH_MAX + " characters");
        }
        Optional<String> chargeId = present(filters.chargeId());
        if (chargeId.isPresent() && !ID.matcher(chargeId.get()).matches()) {
            throw ApiException.invalidField("chargeId", "invalid_id", "is not a charge id");
        }
        Optional<IpnState> after = present(filters.startingAfter())
                .map(cursor -> ipns.find(companyId, environment, cursor).orElseThrow(() -> ApiException.invalidField(
                        "startingAfter", "unknown_cursor", "is not an IPN of this company and environment")));
        List<IpnState> found = ipns.listPagePlusOne(new IpnDeliveries.Query(companyId, environment, status,
                filters.undeliveredOnly(), identifier, chargeId, after, limit));
        boolean hasMore = found.size() > limit;
        return new Page(hasMore ? found.subList(0, limit) : found, hasMore);
    }

    @Transactional
    public IpnWithAttempts get(String companyId, Environment environment, String ipnId) {
        IpnState ipn = find(companyId, environment, ipnId);
        return new IpnWithAttempts(ipn, attempts.ofDelivery(DeliveryAttempts.Log.IPN, ipn.id()));
    }

    /** An IPN of the company in this environment; 404 for any other id, another company's included. */
    IpnState find(String companyId, Environment environment, String ipnId) {
        return ipns.find(companyId, environment, ipnId).orElseThrow(() -> ApiException.notFound("IPN " + ipnId));
    }

    private static Optional<String> present(String text) {
        return Optional.ofNullable(text).filter(t -> !t.isBlank());
    }
}
