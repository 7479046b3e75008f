package io.streamcast.core.event;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The date-time texts streamcast accepts, everywhere (events, CSV files, label files): ISO-8601
 * with an offset, or without one taken as UTC ({@code T} or a space between date and time, any
 * fraction of seconds), a plain date (midnight UTC), or epoch milliseconds as digits.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** Epoch milliseconds, or null when the text is none of the accepted forms. */
    public static Long parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d{9,}")) {
            return Long.parseLong(t);
        }
        String iso = t.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException e2) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeException e3) {
                    return null;
                }
            }
        }
    }
}
