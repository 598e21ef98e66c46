package io.latnas.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSettingsTest {

    private static Config shipped() {
        return HttpSettings.withHttpConfig(ConfigFactory.load());
    }

    private static HttpSettings with(String overrides) {
        return HttpSettings.fromConfig(ConfigFactory.parseString(overrides).withFallback(shipped()).resolve());
    }

    @Test
    void theShippedSettingsServeThisMachineOnlyWithoutAToken() {
        HttpSettings settings = HttpSettings.fromConfig(shipped());
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.hasToken()).isEqualTo(System.getenv(HttpSettings.TOKEN_ENV) != null);
        assertThat(settings.askTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.limits().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.limits().maxBatch()).isEqualTo(256);
        assertThat(settings.dataDir()).isEqualTo(Path.of(System.getProperty("latnas.home"), "data", "datasets"));
        HttpServer.checkSafeToBind(settings.withToken(null));
    }

    @Test
    void keysTheConfigurationSetsWinAndHttpConfFillsTheRest() {
        Config own = ConfigFactory.parseString("latnas { home = \"/srv/latnas\", http { host = \"::1\" } }");
        HttpSettings settings = HttpSettings.fromConfig(HttpSettings.withHttpConfig(own));
        assertThat(settings.host()).isEqualTo("::1");
        assertThat(settings.port()).isEqualTo(8080);
        // latnas.home comes from a system property under Maven, and system properties win.
        String home = System.getProperty("latnas.home", "/srv/latnas");
        assertThat(settings.dataDir()).isEqualTo(Path.of(home, "data", "datasets"));
        assertThat(shipped().hasPath("latnas.hardware.profiles")).isTrue();
    }

    @Test
    void aConfigurationWithoutLatnasHttpSaysToIncludeHttpConf() {
        assertThatThrownBy(() -> HttpSettings.fromConfig(ConfigFactory.parseString("latnas.home = .")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("include \"http.conf\"");
    }

    @Test
    void aTokenFromConfigurationIsUsedAndNeverPrinted() {
        HttpSettings settings = with("latnas.http.token = \"abcdefghijklmnop0123\"");
        assertThat(settings.token()).hasValue("abcdefghijklmnop0123");
        assertThat(settings.toString()).doesNotContain("abcdefghijklmnop0123").contains("token=(set)");
        assertThat(with("latnas.http.token = \"  \"").hasToken()).isFalse();
    }

    @Test
    void tokensThatCannotTravelAsBearerTokensOrAreShortAreRefused() {
        assertThatThrownBy(() -> with("latnas.http.token = \"has spaces in it, sadly\""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("RFC 6750");
        assertThatThrownBy(() -> with("latnas.http.token = \"short\""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 16");
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertThatThrownBy(() -> with("latnas.http.port = 70000"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("latnas.http.port");
        assertThatThrownBy(() -> with("latnas.http.ask-timeout = 0s"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("latnas.http.ask-timeout");
        assertThatThrownBy(() -> with("latnas.http.max-batch = 0"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("latnas.http.max-batch");
        assertThatThrownBy(() -> with("latnas.http.max-body-bytes = lots"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("max-body-bytes");
        assertThatThrownBy(() -> with("latnas.http.host = \"\""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("127.0.0.1");
    }
}
