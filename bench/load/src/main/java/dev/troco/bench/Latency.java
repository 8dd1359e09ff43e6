package dev.troco.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** One latency distribution, in microseconds (1 µs to 10 min, 3 significant digits), safe to record from any thread. */
final class Latency {

    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};

    private final Histogram histogram = new ConcurrentHistogram(1, 600_000_000L, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos / 1000, 600_000_000L)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double millisAt(double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    ObjectNode json() {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("count", count());
        if (count() == 0) {
            return node;
        }
        node.put("p50", millisAt(50));
        node.put("p90", millisAt(90));
        node.put("p99", millisAt(99));
        node.put("p999", millisAt(99.9));
        node.put("max", histogram.getMaxValue() / 1000.0);
        node.put("mean", histogram.getMean() / 1000.0);
        ArrayNode curve = node.putArray("percentiles");
        for (double p : PERCENTILES) {
            curve.addArray().add(p).add(millisAt(p));
        }
        return node;
    }
}
