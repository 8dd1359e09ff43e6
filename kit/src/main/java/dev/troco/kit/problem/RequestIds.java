package dev.troco.kit.problem;

import dev.troco.kit.id.Ids;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * The {@code Request-Id} of a call: the caller's own when it sent a sane one (so ids can be traced
 * across systems), otherwise a new time-ordered {@code req_...} id.
 */
public final class RequestIds {

    public static final String HEADER = "Request-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static String fromCaller(String incoming) {
        return incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : Ids.next("req");
    }

    /** The id given to the response of this request (set by {@link HttpFilters}). */
    public static String of(HttpServerRequest request) {
        String id = request.response().headers().get(HEADER);
        return id != null ? id : fromCaller(request.getHeader(HEADER));
    }
}
