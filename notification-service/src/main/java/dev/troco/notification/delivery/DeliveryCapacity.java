package dev.troco.notification.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The attempts one process may run at once: a total (the pool's threads) and a per-target share
 * (one endpoint, or one callback host), so a slow or dead target holds at most its share of the
 * threads and every other target keeps being served.
 */
final class DeliveryCapacity {

    private final int total;
    private final int perTarget;
    private final Map<String, Integer> running = new HashMap<>();
    private int inUse;

    DeliveryCapacity(int total, int perTarget) {
        if (total < 1 || perTarget < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.total = total;
        this.perTarget = perTarget;
    }

    synchronized int free() {
        return total - inUse;
    }

    /** Targets that may not start another attempt now. */
    synchronized Set<String> saturatedTargets() {
        return running.entrySet().stream()
                .filter(e -> e.getValue() >= perTarget)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Takes a slot for an attempt to {@code target}, if both a total and a per-target slot are free. */
    synchronized boolean tryReserve(String target) {
        int current = running.getOrDefault(target, 0);
        if (inUse >= total || current >= perTarget) {
            return false;
        }
        running.put(target, current + 1);
        inUse++;
        return true;
    }

    synchronized void release(String target) {
        int current = running.getOrDefault(target, 0);
        if (current <= 1) {
            running.remove(target);
        } else {
            running.put(target, current - 1);
        }
        inUse = Math.max(0, inUse - 1);
    }
}
