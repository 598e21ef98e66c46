package io.latnas.accuracy;

import io.latnas.common.InvalidInputException;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.InvalidArchitectureException;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccuracyCsvTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final String KS = "7-5-0-0-3-3-3-0-5-5-0-0-7-7-7-7-3-3-0-0";
    private static final String E = "4-6-0-0-3-3-4-0-6-6-0-0-4-4-4-4-3-6-0-0";
    private static final String D = "2-3-2-4-2";

    private static List<AccuracySample> read(String text) {
        return AccuracyCsv.read(new StringReader(text), "acc.csv", OFA);
    }

    @Test
    void readsRowsWithoutAHeader() {
        List<AccuracySample> rows = read(KS + "," + E + "," + D + ",192,77.31\n");
        assertThat(rows).hasSize(1);
        AccuracySample row = rows.get(0);
        assertThat(row.top1()).isEqualTo(77.31);
        assertThat(row.line()).isEqualTo(1);
        assertThat(ArchitectureCodec.toCsvFields(row.architecture())).containsExactly(KS, E, D, "192");
    }

    @Test
    void findsColumnsByNameAndSkipsCommentsAndBlankLines() {
        String text = "# measured on ImageNet val\n"
                + "id,r,ks,e,d,top1\n"
                + "\n"
                + "17,160," + KS + "," + E + "," + D + ",74.5\n"
                + "18,224," + KS + "," + E + "," + D + ",76.0\n";
        List<AccuracySample> rows = read(text);
        assertThat(rows).extracting(AccuracySample::top1).containsExactly(74.5, 76.0);
        assertThat(rows).extracting(s -> s.architecture().resolution()).containsExactly(160, 224);
        assertThat(rows).extracting(AccuracySample::line).containsExactly(4, 5);
    }

    @Test
    void namesTheLineAndFieldOfABadKernelSize() {
        String bad = KS.replaceFirst("^7", "9");
        assertThatThrownBy(() -> read("ks,e,d,r,accuracy\n" + KS + "," + E + "," + D + ",192,77\n"
                + bad + "," + E + "," + D + ",192,77\n"))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessage("acc.csv line 3: ks[0]=9 is not in {3,5,7} (space ofa-mbv3-w1.0)");
    }

    @Test
    void rejectsAnAccuracyThatIsNotANumber() {
        assertThatThrownBy(() -> read(KS + "," + E + "," + D + ",192,high\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv line 1: accuracy 'high' is not a number");
    }

    @Test
    void rejectsAnAccuracyAboveOneHundred() {
        assertThatThrownBy(() -> read(KS + "," + E + "," + D + ",192,101.5\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv line 1: accuracy 101.5 is outside 0..100 (top-1 in percent)");
    }

    @Test
    void rejectsFractionsWithAHint() {
        assertThatThrownBy(() -> read(KS + "," + E + "," + D + ",192,0.77\n" + KS + "," + E + "," + D + ",160,0.75\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv: every accuracy is at most 1; give top-1 in percent (76.3, not 0.763)");
    }

    @Test
    void rejectsARowWithMissingFields() {
        assertThatThrownBy(() -> read(KS + "," + E + "," + D + ",192\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv line 1: has 4 fields; expected 5 (ks,e,d,r,accuracy)");
    }

    @Test
    void rejectsAHeaderWithoutAnAccuracyColumn() {
        assertThatThrownBy(() -> read("ks,e,d,r,latency\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv line 1: the header has no accuracy (or top1, acc) column");
    }

    @Test
    void rejectsAFileWithoutRows() {
        assertThatThrownBy(() -> read("ks,e,d,r,accuracy\n# nothing yet\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("acc.csv has no rows of ks,e,d,r,accuracy");
    }

    @Test
    void readsAFileAndNamesAMissingOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("top1.csv");
        Files.writeString(file, "ks,e,d,r,acc\n" + KS + "," + E + "," + D + ",176,75.25\n");
        assertThat(AccuracyCsv.read(file, OFA)).extracting(AccuracySample::top1).containsExactly(75.25);

        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> AccuracyCsv.read(missing, OFA))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("accuracy file " + missing + " does not exist");
    }
}
