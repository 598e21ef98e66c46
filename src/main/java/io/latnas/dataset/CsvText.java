package io.latnas.dataset;

import io.latnas.space.Architecture;

/** Writing side of the CSV format {@link CsvReader} reads. */
final class CsvText {

    private CsvText() {
    }

    /** Appends a field, quoted only when it holds a comma, a quote or a line break. */
    static void appendField(StringBuilder out, String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c != ',' && c != '"' && c != '\n' && c != '\r';
        }
        if (plain) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Appends the dash-separated kernel sizes ({@code 7-5-0-0-...}) without an intermediate string. */
    static void appendKernelSizes(StringBuilder out, Architecture arch) {
        for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
            if (i > 0) {
                out.append('-');
            }
            out.append(arch.kernelSize(i));
        }
    }

    static void appendExpandRatios(StringBuilder out, Architecture arch) {
        for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
            if (i > 0) {
                out.append('-');
            }
            out.append(arch.expandRatio(i));
        }
    }

    static void appendDepths(StringBuilder out, Architecture arch) {
        for (int s = 0; s < Architecture.STAGES; s++) {
            if (s > 0) {
                out.append('-');
            }
            out.append(arch.depth(s));
        }
    }
}
