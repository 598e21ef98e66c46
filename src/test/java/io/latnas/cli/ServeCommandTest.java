package io.latnas.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code latnas serve} refuses before it starts anything; serving itself is io.latnas.http's to test. */
class ServeCommandTest {

    @Test
    void refusesToListenBeyondThisMachineWithoutAToken() {
        if (System.getenv("LATNAS_HTTP_TOKEN") != null) {
            return;
        }
        CliRun run = CliRun.of("serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("without a token").contains("LATNAS_HTTP_TOKEN").contains("127.0.0.1");
    }

    @Test
    void refusesAnUnknownRoleOrHardware() {
        CliRun role = CliRun.of("serve", "--roles", "measure,cook", "--port", "0");
        assertThat(role.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(role.err()).contains("unknown node role 'cook'");

        CliRun hardware = CliRun.of("serve", "--hardware", "rtx2080", "--port", "0");
        assertThat(hardware.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(hardware.err()).contains("rtx2080ti");
    }

    @Test
    void refusesABadSeedNodeNamingIt() {
        CliRun run = CliRun.of("serve", "--seed-nodes", "127.0.0.1:25520,lab-box", "--port", "0",
                "--cluster-port", "0");
        assertThat(run.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("bad seed node 'lab-box'").contains("host:port");
    }

    @Test
    void isListedWithItsFlags() {
        CliRun help = CliRun.of("serve", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--roles").contains("--host").contains("--port").contains("--hardware")
                .contains("--seed-nodes").contains("--cluster-host").contains("--cluster-port")
                .contains("LATNAS_HTTP_TOKEN").contains("LATNAS_SEED_NODES");
        assertThat(CliRun.of("--help").out()).contains("serve");
    }
}
