package io.streamcast.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    @Test
    void recognisesTheFormatsAndKeysRowsByTheirKeyColumn() throws Exception {
        SeriesData nab = CsvSeriesReader.of(CsvFormat.AUTO).read(write("nab.csv", "timestamp,value",
                "2014-04-01 00:00:00,1.5", "2014-04-01 00:05:00,2.5"));
        assertThat(nab.features()).containsExactly("value");
        assertThat(nab.series().get(0).ts()[1] - nab.series().get(0).ts()[0]).isEqualTo(300_000);

        SeriesData ohlc = CsvSeriesReader.of(CsvFormat.AUTO).read(write("vix.csv", "DATE,OPEN,HIGH,LOW,CLOSE",
                "1990-01-02,17.24,17.24,17.24,17.24", "1990-01-03,18.19,18.19,18.19,18.19"));
        assertThat(ohlc.features()).containsExactly("OPEN", "HIGH", "LOW", "CLOSE");

        String engine = "1 1 -0.0007 -0.0004 100 518.67 641.82 1589.7 1400.6 14.62 21.61 554.36 2388.06 9046.19 1.3 47.47 "
                + "521.66 2388.02 8138.62 8.4195 0.03 392 2388 100 39.06 23.419 ";
        SeriesData cmapss = CsvSeriesReader.of(CsvFormat.AUTO).read(write("train_FD001.txt", engine,
                engine.replaceFirst("1 1 ", "1 2 "), engine.replaceFirst("1 1 ", "2 1 ")));
        assertThat(cmapss.keyName()).isEqualTo("unit");
        assertThat(cmapss.series()).extracting(KeySeries::key).containsExactly("1", "2");
        assertThat(cmapss.features()).hasSize(25).startsWith("cycle", "setting1");

        SeriesData generic = new CsvSeriesReader(CsvFormat.GENERIC, null, "device", null).read(write("g.csv",
                "ts,device,temp", "1700000000000,a,1", "1700000060000,b,2", "1700000120000,a,3"));
        assertThat(generic.series()).extracting(KeySeries::key).containsExactly("a", "b");
        assertThat(generic.series().get(0).values()[1][0]).isEqualTo(3.0);
    }

    @Test
    void cmapssColumnsCanBeChosenByNameAndUnknownOnesAreErrors() throws Exception {
        String engine = "7 12 -0.0007 -0.0004 100 518.67 641.82 1589.7 1400.6 14.62 21.61 554.36 2388.06 9046.19 1.3 47.47 "
                + "521.66 2388.02 8138.62 8.4195 0.03 392 2388 100 39.06 23.419";
        Path file = write("train_FD001.txt", engine, engine.replaceFirst("7 12 ", "7 13 "));
        SeriesData d = new CsvSeriesReader(CsvFormat.CMAPSS, null, null, List.of("s21", "cycle")).read(file);
        assertThat(d.features()).containsExactly("cycle", "s21");
        assertThat(d.series().get(0).values()[1]).containsExactly(13.0, 23.419);
        assertThat(d.series().get(0).ts()).containsExactly(12L, 13L);

        assertThatThrownBy(() -> new CsvSeriesReader(CsvFormat.CMAPSS, null, null, List.of("s22")).read(file))
                .hasMessageContaining("no C-MAPSS column 's22'");
    }

    @Test
    void badRowsAreCountedWithTheirLineNumbersAndRowsAreSortedByTime() throws Exception {
        SeriesData d = CsvSeriesReader.of(CsvFormat.NAB).read(write("bad.csv", "timestamp,value",
                "2014-04-01 00:10:00,3", "2014-04-01 00:00:00,1", "2014-04-01 00:05:00,NaN", "not a time,4",
                "2014-04-01 00:15:00,", "2014-04-01 00:20:00,x", "2014-04-01 00:25:00,Infinity", "2014-04-01 00:30:00,7"));
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.rejectedRows()).isEqualTo(5);
        assertThat(d.firstRejectedLines()).containsExactly(4, 5, 6, 7, 8);
        assertThat(java.util.Arrays.stream(d.series().get(0).values()).mapToDouble(r -> r[0]).toArray()).containsExactly(1.0, 3.0, 7.0);
    }

    @Test
    void unusableFilesAreClearErrors() throws Exception {
        assertThatThrownBy(() -> CsvSeriesReader.of(CsvFormat.AUTO).read(dir.resolve("absent.csv")))
                .isInstanceOf(DataException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> CsvSeriesReader.of(CsvFormat.AUTO).read(write("empty.csv", "")))
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> CsvSeriesReader.of(CsvFormat.NAB).read(write("nan.csv", "timestamp,value",
                "2014-04-01 00:00:00,NaN", "2014-04-01 00:05:00,")))
                .hasMessageContaining("no usable rows (2 rejected, first at lines [2, 3])");
        assertThatThrownBy(() -> CsvSeriesReader.of(CsvFormat.GENERIC).read(write("notime.csv", "a,b", "1,2")))
                .hasMessageContaining("no time column found in [a, b]");
        assertThatThrownBy(() -> new CsvSeriesReader(CsvFormat.GENERIC, "ts", null, List.of("zz")).read(write("nofeat.csv",
                "ts,a", "1700000000000,2"))).hasMessageContaining("no column 'zz'");
    }
}
