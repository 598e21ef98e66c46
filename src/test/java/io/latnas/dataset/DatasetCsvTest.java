package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static io.latnas.dataset.Fixtures.SPACE;
import static io.latnas.dataset.Fixtures.T0;
import static io.latnas.dataset.Fixtures.arch;
import static io.latnas.dataset.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCsvTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final DatasetCsv.WideOptions WIDE = new DatasetCsv.WideOptions(HardwareAliases.HELP_OFA,
            "replay:test", T0);

    @TempDir
    Path dir;

    private static String archFields(int n) {
        return String.join(",", ArchitectureCodec.toCsvFields(arch(n)));
    }

    private Path file(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private Path wideFile(String... rows) throws IOException {
        String[] lines = new String[rows.length + 1];
        lines[0] = "id,ks,e,d,r,v100_1_ms,v100_64_ms";
        System.arraycopy(rows, 0, lines, 1, rows.length);
        return file("wide.csv", lines);
    }

    @Test
    void roundTripsTheLongLayout() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                record(0, "rtx2080ti", 1, 12.08194),
                new LatencyRecord(arch(1), "v100", 64, 1.0E-4, "measured:lab, rack \"3\"", T0, OptionalInt.of(42)),
                record(2, "v100", 64, 0.0)));
        Path f = dir.resolve("long.csv");

        DatasetCsv.writeLong(ds, f);

        assertThat(DatasetCsv.detectLayout(f)).isEqualTo(DatasetCsv.Layout.LONG);
        assertThat(DatasetCsv.read(f, OFA, WIDE)).isEqualTo(ds);
    }

    @Test
    void writesTheLongHeaderWithoutIdWhenNoRecordHasOne() throws IOException {
        Path f = dir.resolve("long.csv");

        DatasetCsv.writeLong(LatencyDataset.of(SPACE, List.of(record(0, "v100", 1, 3.5))), f);

        assertThat(Files.readAllLines(f).get(0)).isEqualTo("ks,e,d,r,hardware,batch,latency_ms,source,measured_at");
        assertThat(Files.readAllLines(f).get(1)).isEqualTo(archFields(0) + ",v100,1,3.5,simulated,2024-05-01T12:00:00Z");
    }

    @Test
    void roundTripsTheWideLayoutRowByRow() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                record(0, "rtx2080ti", 1, 12.5, 0), record(0, "v100", 64, 21.25, 0),
                record(1, "rtx2080ti", 1, 13.5, 1), record(1, "v100", 64, 22.75, 1),
                record(2, "rtx2080ti", 1, 14.5, 2)));
        Path f = dir.resolve("wide.csv");

        DatasetCsv.writeWide(ds, f);

        assertThat(DatasetCsv.detectLayout(f)).isEqualTo(DatasetCsv.Layout.WIDE);
        assertThat(DatasetCsv.read(f, OFA, WIDE)).isEqualTo(ds);
    }

    @Test
    void wideFilesUseHardwareIdsAndNumberRowsWithoutIds() throws IOException {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                record(0, "titanxp", 32, 28.96305), record(1, "titanxp", 32, 16.01251)));
        Path f = dir.resolve("wide.csv");

        DatasetCsv.writeWide(ds, f);

        List<String> lines = Files.readAllLines(f);
        assertThat(lines).containsExactly("id,ks,e,d,r,titanxp_32_ms", "0," + archFields(0) + ",28.96305",
                "1," + archFields(1) + ",16.01251");
        assertThat(DatasetCsv.read(f, OFA, WIDE).records()).extracting(r -> r.rowId().getAsInt())
                .containsExactly(0, 1);
    }

    @Test
    void readsAnEmptyWideCellAsNoMeasurement() throws IOException {
        Path f = wideFile("0," + archFields(0) + ",5.5,", "1," + archFields(1) + ",,30.25");

        LatencyDataset ds = DatasetCsv.read(f, OFA, WIDE);

        assertThat(ds.records()).extracting(LatencyRecord::target, LatencyRecord::latencyMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new Target("v100", 1), 5.5),
                        org.assertj.core.groups.Tuple.tuple(new Target("v100", 64), 30.25));
    }

    @Test
    void refusesToWriteDuplicatesInTheWideLayout() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(record(0, "v100", 1, 5.0), record(0, "v100", 1, 5.1)));

        assertThatThrownBy(() -> DatasetCsv.writeWide(ds, dir.resolve("wide.csv")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("duplicate");
        DatasetCsv.writeWide(ds.withoutDuplicates(), dir.resolve("wide.csv"));
    }

    @Test
    void loadsHelpOfaAsNineTargetsOf5000Rows() {
        Path csv = Fixtures.helpOfaCsv();

        LatencyDataset ds = DatasetCsv.read(csv, OFA, "replay:help-ofa");

        assertThat(ds.byTarget()).hasSize(9);
        assertThat(ds.byTarget().values()).allSatisfy(t -> assertThat(t.size()).isEqualTo(5_000));
        assertThat(ds.targets()).startsWith(new Target("rtx2080ti", 1), new Target("rtx2080ti", 32))
                .contains(new Target("titanxp", 64), new Target("v100", 64));
        // First row of ofa_latency.csv.
        Architecture first = ArchitectureCodec.fromCsvFields("7-5-0-0-7-7-0-0-5-7-0-0-5-3-0-0-5-3-5-0",
                "6-4-0-0-6-3-0-0-3-6-0-0-3-6-0-0-6-4-3-0", "2-2-2-2-3", "204", OFA);
        LatencyRecord r = ds.forTarget("rtx2080ti", 1).get(0);
        assertThat(r.architecture()).isEqualTo(first);
        assertThat(r.latencyMs()).isEqualTo(12.08194);
        assertThat(r.rowId()).hasValue(0);
        assertThat(r.source()).isEqualTo("replay:help-ofa");
        assertThat(ds.forTarget("titanxp", 32).get(0).latencyMs()).isEqualTo(28.96305);
        assertThat(ds.forTarget("v100", 64).get(0).latencyMs()).isEqualTo(21.80712);
        assertThat(ds.forTarget("v100", 64).get(4_999).rowId()).hasValue(4_999);
        assertThat(ds.duplicates()).isEmpty();
        TargetSummary s = ds.summary(new Target("rtx2080ti", 1));
        assertThat(s.distinctArchitectures()).isEqualTo(5_000);
        assertThat(s.minMs()).isLessThanOrEqualTo(s.medianMs()).isPositive();
        assertThat(s.maxMs()).isGreaterThanOrEqualTo(s.medianMs());
        assertThat(s.minResolution()).isGreaterThanOrEqualTo(128);
        assertThat(s.maxResolution()).isLessThanOrEqualTo(224);
        // Source and time differ between these two reads; the hash covers only what a predictor learns from.
        assertThat(DatasetCsv.read(csv, OFA, WIDE).contentHash()).isEqualTo(ds.contentHash())
                .isEqualTo("0f5b466473e531e8de54c1390482c7f0080821a7e5ffc26421e0fe07645bd449");
    }

    @Test
    void namesTheMissingColumnsOfALongHeader() throws IOException {
        Path f = file("long.csv", "ks,e,d,r,hardware,batch,latency_ms");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("long.csv line 1")
                .hasMessageContaining("source, measured_at");
    }

    @Test
    void namesTheMissingColumnOfAWideHeader() throws IOException {
        Path f = file("wide.csv", "id,ks,e,d,v100_1_ms");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("wide.csv line 1")
                .hasMessageContaining("lacks column r");
    }

    @Test
    void rejectsAHeaderOfNeitherLayout() throws IOException {
        Path f = file("other.csv", "name,value", "a,1");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither layout");
    }

    @Test
    void namesLineColumnAndValueOfABadInteger() throws IOException {
        String bad = archFields(1).replaceFirst(",\\d+$", ",2x4");
        Path f = wideFile("0," + archFields(0) + ",5.5,20.0", "1," + bad + ",6.5,21.0");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("wide.csv line 3, column r")
                .hasMessageContaining("'2x4'")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("r");
    }

    @Test
    void namesLineAndColumnOfANegativeLatency() throws IOException {
        Path f = wideFile("0," + archFields(0) + ",5.5,-20.0");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column v100_64_ms")
                .hasMessageContaining("negative");
    }

    @Test
    void rejectsNaNAndNonDecimalLatencies() throws IOException {
        Path nan = wideFile("0," + archFields(0) + ",NaN,20.0");
        assertThatThrownBy(() -> DatasetCsv.read(nan, OFA, WIDE))
                .hasMessageContaining("line 2, column v100_1_ms").hasMessageContaining("NaN");
        Path suffix = wideFile("0," + archFields(0) + ",5.5,20d");
        assertThatThrownBy(() -> DatasetCsv.read(suffix, OFA, WIDE))
                .hasMessageContaining("column v100_64_ms").hasMessageContaining("'20d' is not a number");
    }

    @Test
    void namesTheFieldATruncatedRowLacks() throws IOException {
        Path f = dir.resolve("cut.csv");
        Files.writeString(f, "id,ks,e,d,r,v100_1_ms,v100_64_ms\n0," + archFields(0) + ",5.5,20.0\n1,"
                + archFields(1) + ",6.");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.csv line 3, column v100_64_ms")
                .hasMessageContaining("truncated");
    }

    @Test
    void namesTheColumnOfAnArchitectureOutsideTheSpace() throws IOException {
        Path f = wideFile("0," + archFields(0).replaceFirst("^\\d", "9") + ",5.5,20.0");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .hasMessageContaining("line 2, column ks").hasMessageContaining("ks[0]=9");
    }

    @Test
    void namesBadLongFields() throws IOException {
        String good = archFields(0) + ",v100,1,5.5,simulated,2024-05-01T12:00:00Z";
        Path batch = file("b.csv", String.join(",", DatasetCsv.LONG_COLUMNS), good,
                archFields(1) + ",v100,zero,5.5,simulated,2024-05-01T12:00:00Z");
        assertThatThrownBy(() -> DatasetCsv.read(batch, OFA, WIDE))
                .hasMessageContaining("b.csv line 3, column batch").hasMessageContaining("'zero'");
        Path time = file("t.csv", String.join(",", DatasetCsv.LONG_COLUMNS),
                archFields(1) + ",v100,1,5.5,simulated,yesterday");
        assertThatThrownBy(() -> DatasetCsv.read(time, OFA, WIDE))
                .hasMessageContaining("t.csv line 2, column measured_at").hasMessageContaining("'yesterday'");
    }

    @Test
    void explainsAnEmptyOrMissingFile() throws IOException {
        Path empty = file("empty.csv");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> DatasetCsv.read(empty, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty.csv is empty");
        assertThatThrownBy(() -> DatasetCsv.read(dir.resolve("nope.csv"), OFA, WIDE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nope.csv does not exist");
        assertThatThrownBy(() -> DatasetCsv.read(dir, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("data.csv");
        DatasetCsv.writeLong(LatencyDataset.of(SPACE, List.of(record(0, "v100", 1, 3.5))), f);
        byte[] before = Files.readAllBytes(f);

        assertThatThrownBy(() -> AtomicFile.write(f, out -> {
            out.write("ks,e,d,r\n7-5-");
            out.flush();
            throw new IOException("disk full");
        })).isInstanceOf(InvalidInputException.class).hasMessageContaining("disk full");

        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void appendsToALongFileAcrossOpenings() {
        Path f = dir.resolve("runs").resolve("measured.csv");

        DatasetCsv.appendLong(f, List.of(record(0, "v100", 1, 5.0)));
        DatasetCsv.appendLong(f, List.of(record(1, "v100", 1, 6.0), record(2, "v100", 1, 7.0)));

        assertThat(DatasetCsv.read(f, OFA, WIDE).records()).extracting(LatencyRecord::latencyMs)
                .containsExactly(5.0, 6.0, 7.0);
    }

    @Test
    void appendingCutsATornLastRowAndKeepsACompleteOne() throws IOException {
        Path f = dir.resolve("measured.csv");
        DatasetCsv.appendLong(f, List.of(record(0, "v100", 1, 5.0)));
        Files.writeString(f, archFields(1) + ",v100,1,6.0,simulated,2024-05-01T12:0",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (LongCsvAppender appender = LongCsvAppender.open(f)) {
            assertThat(appender.droppedPartialRow()).hasValueSatisfying(s -> assertThat(s).endsWith("T12:0"));
            appender.append(record(2, "v100", 1, 7.0));
        }
        Files.writeString(f, archFields(3) + ",v100,1,8.0,simulated,2024-05-01T12:00:00Z",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try (LongCsvAppender appender = LongCsvAppender.open(f)) {
            assertThat(appender.droppedPartialRow()).isEmpty();
            appender.append(record(4, "v100", 1, 9.0));
        }

        assertThat(DatasetCsv.read(f, OFA, WIDE).records()).extracting(LatencyRecord::latencyMs)
                .containsExactly(5.0, 7.0, 8.0, 9.0);
    }

    @Test
    void refusesToAppendToAFileOfAnotherLayout() throws IOException {
        Path f = wideFile("0," + archFields(0) + ",5.5,20.0");

        assertThatThrownBy(() -> LongCsvAppender.open(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("wide.csv line 1: the header lacks columns hardware, batch, latency_ms");
        assertThat(Files.readAllLines(f)).hasSize(2);
    }

    @Test
    void namesTheLineOfAnUnclosedQuote() throws IOException {
        Path f = file("q.csv", String.join(",", DatasetCsv.LONG_COLUMNS),
                archFields(0) + ",v100,1,5.5,\"measured,2024-05-01T12:00:00Z");

        assertThatThrownBy(() -> DatasetCsv.read(f, OFA, WIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("q.csv line 2").hasMessageContaining("never closed");
    }

    @Test
    void readsQuotedFieldsAndCrlfLineEnds() throws IOException {
        Path f = dir.resolve("crlf.csv");
        Files.writeString(f, "\uFEFFks,e,d,r,hardware,batch,latency_ms,source,measured_at\r\n"
                + archFields(0) + ",v100,1,5.5,\"measured:a, \"\"b\"\"\",2024-05-01T12:00:00Z\r\n");

        LatencyRecord r = DatasetCsv.read(f, OFA, WIDE).get(0);

        assertThat(r.source()).isEqualTo("measured:a, \"b\"");
        assertThat(r.measuredAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }
}
