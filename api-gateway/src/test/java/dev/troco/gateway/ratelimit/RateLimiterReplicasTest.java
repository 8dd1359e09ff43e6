package dev.troco.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.gateway.ratelimit.RateLimiter.Decision;
import dev.troco.gateway.ratelimit.RateLimiter.Quota;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two limiters with connections of their own stand for two gateway replicas: hammering one bucket
 * from both at once lets exactly the quota through, not a quota per replica.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
class RateLimiterReplicasTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aQuotaHoldsAcrossReplicasUnderConcurrentCalls() throws Exception {
        PGSimpleDataSource secondReplica = new PGSimpleDataSource();
        secondReplica.setUrl(jdbcUrl);
        secondReplica.setUser(user);
        secondReplica.setPassword(password);
        List<RateLimiter> replicas = List.of(new RateLimiter(dataSource), new RateLimiter(secondReplica));
        // a long window, so no request is refilled while the test runs
        Quota quota = new Quota("key", 20, 60);
        String bucket = "key:test-" + UUID.randomUUID();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Decision>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                RateLimiter replica = replicas.get(i % 2);
                calls.add(() -> replica.consume(bucket, quota));
            }
            List<Decision> decisions = new ArrayList<>();
            for (Future<Decision> future : pool.invokeAll(calls)) {
                decisions.add(future.get());
            }
            assertThat(decisions.stream().filter(Decision::allowed).count()).isEqualTo(20);
            assertThat(decisions.stream().filter(d -> !d.allowed()))
                    .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 3L));
        } finally {
            pool.shutdownNow();
        }
    }
}
