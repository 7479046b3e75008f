package io.streamcast.trainer.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.streamcast.core.bundle.Sha256;
import io.streamcast.core.event.Timestamps;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the trainer's CSV formats with Jackson's CSV parser into keyed series. Rows with a
 * missing, NaN, infinite or unparsable value are dropped and counted (with their line numbers);
 * a file with no usable row is an error. Rows of a key are put in time order.
 */
public final class CsvSeriesReader {
    private static final int REPORTED_LINES = 5;
    private static final List<String> TIME_NAMES = List.of("timestamp", "time", "date", "ts", "datetime");

    private final CsvFormat format;
    private final String timeColumn;
    private final String keyColumn;
    private final List<String> featureColumns;

    /**
     * @param timeColumn GENERIC: the time column (null: guess from common names)
     * @param keyColumn GENERIC: the key column, or null for a single series
     * @param featureColumns the features to keep (null: every other numeric column)
     */
    public CsvSeriesReader(CsvFormat format, String timeColumn, String keyColumn, List<String> featureColumns) {
        this.format = format;
        this.timeColumn = timeColumn;
        this.keyColumn = keyColumn;
        this.featureColumns = featureColumns;
    }

    public static CsvSeriesReader of(CsvFormat format) {
        return new CsvSeriesReader(format, null, null, null);
    }

    public SeriesData read(Path file) throws DataException {
        try {
            String first;
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                first = lines.findFirst().orElse("");
            }
            if (first.isBlank()) {
                throw new DataException(file + ": the file is empty");
            }
            CsvFormat f = format == CsvFormat.AUTO ? detect(file, first) : format;
            Table table = f == CsvFormat.CMAPSS ? readCmapss(file) : readHeaded(file, f);
            return table.toSeries(file.toString(), Sha256.of(file));
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": cannot be read as CSV: " + e.getMessage());
        }
    }

    static CsvFormat detect(Path file, String firstLine) {
        String h = firstLine.trim().toLowerCase(Locale.ROOT);
        if (h.matches("[-0-9. eE+]+") && h.contains(" ")) {
            return CsvFormat.CMAPSS;
        }
        if (h.equals("timestamp,value")) {
            return CsvFormat.NAB;
        }
        if (h.startsWith("date,") && h.endsWith(",ot")) {
            return CsvFormat.ETT;
        }
        if (h.equals("date,open,high,low,close")) {
            return CsvFormat.OHLC;
        }
        return CsvFormat.GENERIC;
    }

    /** Rows of one or more keys, accumulated while reading. */
    private static final class Table {
        final List<String> features;
        final Map<String, List<long[]>> times = new LinkedHashMap<>();
        final Map<String, List<double[]>> values = new LinkedHashMap<>();
        int rejected;
        final List<Integer> rejectedLines = new ArrayList<>();

        final String keyName;

        Table(List<String> features, String keyName) {
            this.features = features;
            this.keyName = keyName;
        }

        void add(String key, long ts, double[] row) {
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {ts});
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }

        void reject(int line) {
            rejected++;
            if (rejectedLines.size() < REPORTED_LINES) {
                rejectedLines.add(line);
            }
        }

        SeriesData toSeries(String source, String sha) throws DataException {
            if (times.isEmpty()) {
                throw new DataException(source + ": no usable rows (" + rejected + " rejected"
                        + (rejectedLines.isEmpty() ? "" : ", first at lines " + rejectedLines) + ")");
            }
            List<KeySeries> series = new ArrayList<>();
            for (String key : times.keySet()) {
                List<long[]> t = times.get(key);
                List<double[]> v = values.get(key);
                Integer[] order = new Integer[t.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Long.compare(t.get(a)[0], t.get(b)[0]));
                long[] ts = new long[order.length];
                double[][] vals = new double[order.length][];
                for (int i = 0; i < order.length; i++) {
                    ts[i] = t.get(order[i])[0];
                    vals[i] = v.get(order[i]);
                }
                series.add(new KeySeries(key, ts, vals));
            }
            return new SeriesData(source, sha, keyName, features, series, rejected, List.copyOf(rejectedLines));
        }
    }

    private Table readHeaded(Path file, CsvFormat f) throws IOException, DataException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> it = mapper.readerFor(String[].class).with(CsvSchema.emptySchema())
                        .readValues(reader)) {
            String[] header = it.next();
            int timeIdx = timeIndex(file, header, f);
            int keyIdx = -1;
            if (keyColumn != null) {
                keyIdx = indexOf(header, keyColumn);
                if (keyIdx < 0) {
                    throw new DataException(file + ": no key column '" + keyColumn + "' in " + Arrays.toString(header));
                }
            }
            List<Integer> featureIdx = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (featureColumns != null) {
                for (String c : featureColumns) {
                    int i = indexOf(header, c);
                    if (i < 0) {
                        throw new DataException(file + ": no column '" + c + "' in " + Arrays.toString(header));
                    }
                    featureIdx.add(i);
                    names.add(header[i]);
                }
            } else {
                for (int i = 0; i < header.length; i++) {
                    if (i != timeIdx && i != keyIdx) {
                        featureIdx.add(i);
                        names.add(header[i]);
                    }
                }
            }
            if (names.isEmpty()) {
                throw new DataException(file + ": no feature columns besides time and key");
            }
            Table table = new Table(names, keyColumn != null ? keyColumn : "key");
            int line = 1;
            while (it.hasNext()) {
                line++;
                String[] row = it.next();
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                Long ts = row.length > timeIdx ? Timestamps.parse(row[timeIdx]) : null;
                double[] v = parseValues(row, featureIdx);
                if (ts == null || v == null) {
                    table.reject(line);
                    continue;
                }
                table.add(keyIdx < 0 ? "series" : row[keyIdx], ts, v);
            }
            return table;
        }
    }

    private int timeIndex(Path file, String[] header, CsvFormat f) throws DataException {
        if (timeColumn != null) {
            int i = indexOf(header, timeColumn);
            if (i < 0) {
                throw new DataException(file + ": no time column '" + timeColumn + "' in " + Arrays.toString(header));
            }
            return i;
        }
        if (f != CsvFormat.GENERIC) {
            return 0;
        }
        for (int i = 0; i < header.length; i++) {
            if (TIME_NAMES.contains(header[i].toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new DataException(file + ": no time column found in " + Arrays.toString(header)
                + " (name it with --time-column)");
    }

    private Table readCmapss(Path file) throws IOException, DataException {
        // Column 1, the cycle, is the time and also a feature: the engine's age, which telemetry carries
        // (with it the 30-cycle classifier's validation F1 rose from 0.928 to 0.958).
        List<String> names = new ArrayList<>(List.of("cycle", "setting1", "setting2", "setting3"));
        for (int s = 1; s <= 21; s++) {
            names.add("s" + s);
        }
        if (featureColumns != null) {
            for (String c : featureColumns) {
                if (!names.contains(c)) {
                    throw new DataException(file + ": no C-MAPSS column '" + c + "' (columns: " + names + ")");
                }
            }
        }
        List<Integer> keep = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (featureColumns == null || featureColumns.contains(names.get(i))) {
                keep.add(i);
                kept.add(names.get(i));
            }
        }
        Table table = new Table(kept, "unit");
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            String[] cols = text.trim().split("\\s+");
            if (text.isBlank()) {
                continue;
            }
            if (cols.length != 26) {
                table.reject(line);
                continue;
            }
            String[] features = Arrays.copyOfRange(cols, 1, 26);
            List<Integer> idx = keep;
            double[] v = parseValues(features, idx);
            Long cycle = parseLong(cols[1]);
            if (v == null || cycle == null || parseLong(cols[0]) == null) {
                table.reject(line);
                continue;
            }
            table.add(cols[0], cycle, v);
        }
        return table;
    }

    private static double[] parseValues(String[] row, List<Integer> idx) {
        double[] v = new double[idx.size()];
        for (int i = 0; i < v.length; i++) {
            int c = idx.get(i);
            if (c >= row.length) {
                return null;
            }
            try {
                v[i] = Double.parseDouble(row[c]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(v[i])) {
                return null;
            }
        }
        return v;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
