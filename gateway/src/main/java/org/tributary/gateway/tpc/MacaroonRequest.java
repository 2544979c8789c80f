package org.tributary.gateway.tpc;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.gateway.http.HttpError;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of a macaroon request (SPECS §1.5): {@code {"caveats": ["activity:LIST,DOWNLOAD"], "validity": "PT70M"}}.
 * A caveat only ever narrows what a token may do (dCache's macaroon semantics), so several {@code activity:} caveats
 * intersect, {@code before:} shortens the validity, and a caveat this gateway cannot honour ({@code path:},
 * {@code ip:}, anything unknown) is refused with 400 rather than ignored: ignoring it would issue a token wider than
 * the one asked for. Nothing from the body reaches a reason except names from the fixed lists below.
 *
 * @param activities the activities asked for (DOWNLOAD and LIST when there is no activity caveat)
 * @param expiry     when the token expires
 */
record MacaroonRequest(Set<String> activities, Instant expiry) {

    static final Set<String> ACTIVITIES = Set.of("DOWNLOAD", "UPLOAD", "LIST", "DELETE", "MANAGE", "READ_METADATA",
            "UPDATE_METADATA", "STAGE");
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);
    static final Duration MAX_VALIDITY = Duration.ofHours(12);

    MacaroonRequest {
        activities = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(activities));
    }

    static MacaroonRequest parse(byte[] body, Instant now) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw HttpError.badRequest("the macaroon request is not a JSON object");
        }
        Duration validity = DEFAULT_VALIDITY;
        Object v = json.get("validity");
        if (v != null) {
            if (!(v instanceof String text)) throw HttpError.badRequest("validity must be a string such as \"PT70M\"");
            try {
                validity = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("validity must be an ISO-8601 duration such as PT70M");
            }
        }
        if (validity.isNegative() || validity.isZero()) throw HttpError.badRequest("validity must be positive");
        if (validity.compareTo(MAX_VALIDITY) > 0) validity = MAX_VALIDITY;
        Instant expiry = now.plus(validity);

        Set<String> activities = null;
        Object cav = json.get("caveats");
        if (cav != null && !(cav instanceof List<?>)) throw HttpError.badRequest("caveats must be a list");
        List<?> caveats = cav == null ? List.of() : (List<?>) cav;
        for (int i = 0; i < caveats.size(); i++) {
            if (!(caveats.get(i) instanceof String c)) throw HttpError.badRequest("caveat " + (i + 1) + " is not a string");
            int colon = c.indexOf(':');
            String name = colon < 0 ? "" : c.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : c.substring(colon + 1);
            switch (name) {
                case "activity" -> {
                    Set<String> these = activityList(value, i + 1);
                    if (activities == null) activities = these;
                    else activities.retainAll(these);
                }
                case "before" -> {
                    Instant before;
                    try {
                        before = Instant.parse(value.trim());
                    } catch (DateTimeParseException e) {
                        throw HttpError.badRequest("caveat " + (i + 1) + ": before: needs an ISO-8601 instant such as"
                                + " 2026-12-03T12:00:00Z");
                    }
                    if (!before.isAfter(now)) throw HttpError.badRequest("caveat " + (i + 1) + ": before: is in the past");
                    if (before.isBefore(expiry)) expiry = before;
                }
                case "path", "ip" -> throw HttpError.badRequest("caveat " + (i + 1) + ": " + name + ": is not supported"
                        + " here; the token is limited to the request path");
                default -> throw HttpError.badRequest("caveat " + (i + 1) + " is not one of activity:, before:");
            }
        }
        if (activities == null) activities = new LinkedHashSet<>(List.of("DOWNLOAD", "LIST"));
        if (activities.isEmpty()) throw HttpError.badRequest("the activity caveats leave no activity");
        return new MacaroonRequest(activities, expiry);
    }

    private static Set<String> activityList(String value, int caveat) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : value.split(",", -1)) {
            String name = a.trim().toUpperCase(Locale.ROOT);
            if (!ACTIVITIES.contains(name)) {
                throw HttpError.badRequest("caveat " + caveat + " names an activity that is not one of "
                        + List.copyOf(new java.util.TreeSet<>(ACTIVITIES)));
            }
            out.add(name);
        }
        return out;
    }
}
