package io.streamcast.core.event;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.Arrays;

/**
 * A reusable, growable UTF-8 JSON output for the one record written per event. It writes what
 * Jackson writes (same escaping, same shortest-round-trip doubles, non-finite doubles as
 * strings) without a generator's per-record setup and context tracking.
 */
final class JsonBuffer {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[512];
    private int size;

    JsonBuffer reset() {
        size = 0;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Bytes known to be valid JSON (punctuation, field names written once as constants). */
    JsonBuffer raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    JsonBuffer raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** A quoted JSON string: quotes, backslashes and control characters escaped as Jackson does. */
    JsonBuffer string(String s) {
        ensure(s.length() * 6 + 2); // worst case: every char \\u00XX, or 3 UTF-8 bytes
        bytes[size++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                bytes[size++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                bytes[size++] = '\\';
                bytes[size++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[size++] = (byte) (0xF0 | cp >> 18);
                bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp & 0x3F);
            } else {
                bytes[size++] = (byte) (0xE0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
        bytes[size++] = '"';
        return this;
    }

    private void escapeControl(char c) {
        bytes[size++] = '\\';
        switch (c) {
            case '\n' -> bytes[size++] = 'n';
            case '\r' -> bytes[size++] = 'r';
            case '\t' -> bytes[size++] = 't';
            case '\b' -> bytes[size++] = 'b';
            case '\f' -> bytes[size++] = 'f';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[c >> 4];
                bytes[size++] = HEX[c & 0xF];
            }
        }
    }

    JsonBuffer number(long v) {
        ensure(20);
        size = NumberOutput.outputLong(v, bytes, size);
        return this;
    }

    /** Shortest decimal that reads back as the same double (Schubfach); NaN and infinities quoted. */
    JsonBuffer number(double v) {
        String s = NumberOutput.toString(v, true);
        boolean quote = !Double.isFinite(v);
        ensure(s.length() + 2);
        if (quote) {
            bytes[size++] = '"';
        }
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        if (quote) {
            bytes[size++] = '"';
        }
        return this;
    }

    JsonBuffer bool(boolean v) {
        return raw(v ? TRUE : FALSE);
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
