package dev.troco.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.events.common.Environment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void apiKeysCarryTheirEnvironmentAndAChecksum() {
        String live = ApiKeyFormat.generate(Environment.PRODUCTION);
        String test = ApiKeyFormat.generate(Environment.SANDBOX);
        assertThat(live).startsWith("trk_live_").hasSize(ApiKeyFormat.LENGTH);
        assertThat(ApiKeyFormat.check(live)).contains(Environment.PRODUCTION);
        assertThat(ApiKeyFormat.check(test)).contains(Environment.SANDBOX);
        assertThat(ApiKeyFormat.generate(Environment.SANDBOX)).isNotEqualTo(test);
    }

    @Test
    void aMistypedOrTruncatedKeyFailsItsChecksum() {
        String key = ApiKeyFormat.generate(Environment.SANDBOX);
        char changed = key.charAt(20) == 'a' ? 'b' : 'a';
        assertThat(ApiKeyFormat.check(key.substring(0, 20) + changed + key.substring(21))).isEmpty();
        assertThat(ApiKeyFormat.check(key.substring(0, key.length() - 1))).isEmpty();
        assertThat(ApiKeyFormat.check("trk_prod_" + key.substring(9))).isEmpty();
        assertThat(ApiKeyFormat.check(key.replace("trk_test_", "trk_live_"))).isEmpty();
        assertThat(ApiKeyFormat.check(null)).isEmpty();
    }

    @Test
    void passwordsAreHashedWithArgon2idAndVerified() {
        String hash = PasswordHasher.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(PasswordHasher.hash("correct horse battery staple")).isNotEqualTo(hash);
        assertThat(PasswordHasher.verify("x", "$bcrypt$nonsense")).isFalse();
    }

    @Test
    void totpMatchesTheRfc6238TestVector() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits), so 287082 with 6.
        assertThat(Totp.code(secret, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(secret, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    }

    @Test
    void totpRefusesAStepAlreadyUsedAndCodesOutsideTheDriftWindow() {
        byte[] secret = Totp.newSecret();
        Instant now = Instant.parse("2026-11-22T10:00:15Z");
        long step = Totp.step(now);
        String code = Totp.code(secret, now);
        assertThat(Totp.verify(secret, code, now, 0)).hasValue(step);
        assertThat(Totp.verify(secret, code, now, step)).isEmpty();
        assertThat(Totp.verify(secret, Totp.code(secret, now.minusSeconds(30)), now, 0)).hasValue(step - 1);
        assertThat(Totp.verify(secret, Totp.code(secret, now.minusSeconds(60)), now, 0)).isEmpty();
        assertThat(Totp.verify(secret, "12345", now, 0)).isEmpty();
        assertThat(Totp.verify(secret, null, now, 0)).isEmpty();
    }
}
