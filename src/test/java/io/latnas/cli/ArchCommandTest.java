package io.latnas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ArchCommandTest {

    @Test
    void samplesAreSeededAndValidateCleanly(@TempDir Path dir) throws Exception {
        CliRun a = CliRun.of("arch", "sample", "--space", "ofa-mbv3-w1.0", "--count", "5", "--seed", "7");
        CliRun b = CliRun.of("arch", "sample", "--space", "ofa-mbv3-w1.0", "--count", "5", "--seed", "7");
        assertThat(a.exitCode()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(a.out().lines()).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("{\"ks\":["));
        Path file = dir.resolve("archs.jsonl");
        Files.writeString(file, a.out());
        CliRun v = CliRun.of("arch", "validate", "--space", "ofa-mbv3-w1.0", file.toString());
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).contains("5 of 5 architectures valid");
    }

    @Test
    void csvSamplesReadBackThroughValidate(@TempDir Path dir) throws Exception {
        CliRun a = CliRun.of("arch", "sample", "--space", "compofa-elastic", "--count", "3", "--format", "csv");
        Path file = dir.resolve("archs.csv");
        Files.writeString(file, a.out());
        CliRun v = CliRun.of("arch", "validate", "--space", "compofa-elastic", file.toString());
        assertThat(v.out()).contains("3 of 3 architectures valid");
    }

    @Test
    void validateNamesTheBadLineAndFieldAndExitsNonZero(@TempDir Path dir) throws Exception {
        String good = CliRun.of("arch", "sample", "--space", "ofa-mbv3-w1.0", "--seed", "1").out().strip();
        String bad = good.replaceFirst("\"ks\":\\[\\d", "\"ks\":[4");
        Path file = dir.resolve("archs.jsonl");
        Files.writeString(file, good + "\n" + bad + "\n{not json\n");
        CliRun v = CliRun.of("arch", "validate", "--space", "ofa-mbv3-w1.0", file.toString());
        assertThat(v.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(v.err()).contains("line 2: ks[0]=4 is not in {3,5,7} (space ofa-mbv3-w1.0)");
        assertThat(v.err()).contains("line 3: malformed architecture JSON");
        assertThat(v.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(v.out()).contains("1 of 3 architectures valid");
    }

    @Test
    void unknownSpaceIsOneLineAndExitTwo() {
        CliRun r = CliRun.of("arch", "sample", "--space", "mobilenet");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("latnas: unknown search space 'mobilenet'; known: "
                + "ofa-mbv3-w1.0, ofa-mbv3-w1.2, compofa-fixed, compofa-elastic");
    }

    @Test
    void missingFileIsOneLine() {
        CliRun r = CliRun.of("arch", "validate", "--space", "ofa-mbv3-w1.0", "/nonexistent/archs.jsonl");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("latnas: no such file: /nonexistent/archs.jsonl");
    }

    @Test
    void badFlagValueIsOneLine() {
        CliRun r = CliRun.of("arch", "sample", "--space", "ofa-mbv3-w1.0", "--count", "many");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--count").doesNotContain("\tat ");
        CliRun z = CliRun.of("arch", "sample", "--space", "ofa-mbv3-w1.0", "--count", "0");
        assertThat(z.err().strip()).isEqualTo("latnas: --count must be positive; got 0");
    }
}
