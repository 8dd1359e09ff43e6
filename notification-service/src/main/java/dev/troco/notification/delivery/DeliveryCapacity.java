package dev.troco.notification.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The attempts one lane may run at once: a total (the lane's threads), a share per company and a
 * share per target (one endpoint, or one callback or IPN host). A company with many slow or dead
 * targets holds at most its share of the threads, a slow target at most its own, and every other
 * company keeps being served.
 */
public final class DeliveryCapacity {

    private final int total;
    private final int perCompany;
    private final int perTarget;
    private final Map<String, Integer> byCompany = new HashMap<>();
    private final Map<String, Integer> byTarget = new HashMap<>();
    private int inUse;

    public DeliveryCapacity(int total, int perCompany, int perTarget) {
        if (total < 1 || perCompany < 1 || perTarget < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.total = total;
        this.perCompany = perCompany;
        this.perTarget = perTarget;
    }

    public synchronized int free() {
        return total - inUse;
    }

    /** Companies that may not start another attempt now. */
    public synchronized Set<String> saturatedCompanies() {
        return saturated(byCompany, perCompany);
    }

    /** Targets that may not start another attempt now. */
    public synchronized Set<String> saturatedTargets() {
        return saturated(byTarget, perTarget);
    }

    /** Takes a slot for an attempt of {@code company} to {@code target}, if a total, a company and a target slot are free. */
    public synchronized boolean tryReserve(String company, String target) {
        int ofCompany = byCompany.getOrDefault(company, 0);
        int ofTarget = byTarget.getOrDefault(target, 0);
        if (inUse >= total || ofCompany >= perCompany || ofTarget >= perTarget) {
            return false;
        }
        byCompany.put(company, ofCompany + 1);
        byTarget.put(target, ofTarget + 1);
        inUse++;
        return true;
    }

    public synchronized void release(String company, String target) {
        decrement(byCompany, company);
        decrement(byTarget, target);
        inUse = Math.max(0, inUse - 1);
    }

    private static Set<String> saturated(Map<String, Integer> running, int limit) {
        return running.entrySet().stream()
                .filter(e -> e.getValue() >= limit)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void decrement(Map<String, Integer> running, String key) {
        int current = running.getOrDefault(key, 0);
        if (current <= 1) {
            running.remove(key);
        } else {
            running.put(key, current - 1);
        }
    }
}
