package io.latnas.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas, quotes
 * ({@code ""}) and line breaks, LF or CRLF line ends, a leading byte-order mark skipped. Blank lines
 * are skipped. Each record knows the line it starts on, for error messages.
 */
final class CsvReader implements Closeable {

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private int line = 1;
    private int recordLine;
    private boolean started;
    private final StringBuilder field = new StringBuilder(64);

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line the last record returned by {@link #next} starts on (1-based). */
    int recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or {@code null} at the end of the input.
     *
     * @throws CsvSyntaxException when a quoted field is not closed
     */
    List<String> next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        while (true) {
            int c = peek();
            if (c == EOF) {
                return null;
            }
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
            } else {
                break;
            }
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            field.setLength(0);
            int c = peek();
            if (c == '"') {
                pos++;
                readQuoted();
                c = peek();
                if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    throw new CsvSyntaxException(line, "text after a closing quote in field " + (fields.size() + 1));
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) c);
                    pos++;
                    c = peek();
                }
            }
            fields.add(field.toString());
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == '\r') {
                pos++;
                if (peek() == '\n') {
                    pos++;
                }
                line++;
            } else if (c == '\n') {
                pos++;
                line++;
            }
            return fields;
        }
    }

    private void readQuoted() throws IOException {
        int startLine = line;
        while (true) {
            int c = peek();
            if (c == EOF) {
                throw new CsvSyntaxException(startLine, "a quoted field is never closed");
            }
            pos++;
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    field.append('"');
                } else {
                    return;
                }
            } else {
                if (c == '\n') {
                    line++;
                }
                field.append((char) c);
            }
        }
    }

    private int peek() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        return buffer[pos];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Malformed CSV at a line; the caller adds the file name. */
    static final class CsvSyntaxException extends IOException {
        private final int line;

        CsvSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
