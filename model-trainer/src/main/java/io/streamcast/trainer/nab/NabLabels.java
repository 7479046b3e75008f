package io.streamcast.trainer.nab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.event.Timestamps;
import io.streamcast.trainer.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Labelled anomaly windows in NAB's {@code combined_windows.json} format: {@code {"category/file.csv": [[start, end], ...]}}. */
public final class NabLabels {
    private final Map<String, List<List<String>>> windows;

    private NabLabels(Map<String, List<List<String>>> windows) {
        this.windows = windows;
    }

    public static NabLabels read(Path file) throws DataException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DataException(file + ": no such labels file (NAB layout: <root>/data/<category>/<file>.csv and "
                    + "<root>/labels/combined_windows.json; --labels names another)");
        }
        try {
            return new NabLabels(new ObjectMapper().readValue(file.toFile(), new TypeReference<>() {
            }));
        } catch (IOException e) {
            throw new DataException(file + ": not a NAB labels file: " + e.getMessage());
        }
    }

    public boolean has(String relativePath) {
        return windows.containsKey(relativePath);
    }

    /** The windows of a file as [firstRow, lastRow], from its rows' timestamps (epoch ms, ascending). */
    public int[][] rows(String relativePath, long[] ts) throws DataException {
        List<List<String>> list = windows.get(relativePath);
        if (list == null) {
            throw new DataException("no labels for " + relativePath);
        }
        int[][] out = new int[list.size()][];
        for (int w = 0; w < list.size(); w++) {
            Long start = Timestamps.parse(list.get(w).get(0));
            Long end = Timestamps.parse(list.get(w).get(1));
            if (start == null || end == null) {
                throw new DataException(relativePath + ": unreadable window " + list.get(w));
            }
            int first = 0;
            while (first < ts.length && ts[first] < start) {
                first++;
            }
            int last = ts.length - 1;
            while (last >= 0 && ts[last] > end) {
                last--;
            }
            out[w] = new int[] {first, last};
        }
        return out;
    }
}
