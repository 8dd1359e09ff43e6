package dev.troco.kit.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In the prod profile a service refuses to start while a secret it needs is missing, too short, or one of the
 * values published in this repository (test keys, the old Compose fallbacks): such a value protects nothing.
 * Each service names its secrets in {@code troco.secrets.required} (and in {@code troco.secrets.optional} those
 * that may be unset, checked when set); the service credential of internal APIs is always required.
 */
@ApplicationScoped
public class ProductionSecrets {

    static final int LENGTH_MIN = 32;

    /** Values that are public because this repository holds them: never acceptable in production. */
    static final Set<String> PUBLISHED = Set.of(
            // application.properties %test values
            "CiK5TrjIlzqeKND0pK/F9mtZJU+orwHXmOaTEy4flac=",
            "WKD764W3z0hue3UkS2WxXx7d4ziOo009fH05D1PtN5w=",
            "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5",
            "dGVzdC1vbmx5LW5vdGlmaWNhdGlvbi1rZXktMzJieXQ=",
            "ZGV2LW9ubHktbm90aWZpY2F0aW9uLWtleS0zMmJ5dGU=",
            // docker-compose.yml fallbacks before they were removed
            "dHJvY28tbG9jYWwtb25seS1ub3QtYS1zZWNyZXQtMzI=",
            "dHJvY28tbG9jYWwtcGVwcGVyLW9ubHktbm90LWEtc2VjcmV0LWV2ZXI=",
            "b7ad36b321073f4054830e289e9924d5c726cbfa3d08a93d7b34405e0d06ae5e",
            "dHJvY28tbm90aWZ5LWxvY2FsLW9ubHktbm90LXNlY3I=");

    void check(@Observes StartupEvent started) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        Set<String> names = new LinkedHashSet<>(
                config.getOptionalValues("troco.secrets.required", String.class).orElse(List.of()));
        names.add(InternalApiGuard.TOKEN_PROPERTY);
        List<String> problems = problems(names, name -> config.getOptionalValue(name, String.class));
        // optional secrets (the admin token's hash: unset turns the admin API off) are checked only when set
        for (String name : config.getOptionalValues("troco.secrets.optional", String.class).orElse(List.of())) {
            if (config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).isPresent()) {
                problems.addAll(problems(Set.of(name), n -> config.getOptionalValue(n, String.class)));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the named secrets, one line each (never the values); empty when all are fine. */
    static List<String> problems(Set<String> names, Function<String, Optional<String>> lookup) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Optional<String> value = lookup.apply(name).map(String::trim).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                problems.add(name + " is not set");
            } else if (PUBLISHED.contains(value.get())) {
                problems.add(name + " is a value published in Troco's repository; generate your own");
            } else if (value.get().length() < LENGTH_MIN) {
                problems.add(name + " is shorter than " + LENGTH_MIN + " characters");
            }
        }
        return problems;
    }
}
