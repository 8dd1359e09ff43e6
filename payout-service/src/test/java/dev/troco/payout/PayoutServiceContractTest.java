package dev.troco.payout;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "payout"))
class PayoutServiceContractTest extends ServiceContractTest {
}
