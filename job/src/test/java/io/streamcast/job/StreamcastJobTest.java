package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.nn.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `streamcast job` checks before it submits anything. */
class StreamcastJobTest {
    @TempDir
    Path dir;

    @Test
    void everyConfiguredBundleIsLoadedAndCheckedAtStart() throws Exception {
        Path good = dir.resolve("pumps.zip");
        TestBundles.forecaster("pumps", "1", CellType.LSTM, List.of("value"), 8, 1).writeZip(good);
        Path broken = Files.write(dir.resolve("fans.zip"), new byte[] {'P', 'K', 3, 4, 0});
        Path absent = dir.resolve("absent.zip");

        assertThatCode(() -> StreamcastJob.checkModels(TestConfigs.config(good))).doesNotThrowAnyException();
        assertThatThrownBy(() -> StreamcastJob.checkModels(TestConfigs.config(absent)))
                .isInstanceOf(InvalidConfigException.class).hasMessage("invalid model: " + absent + ": no such bundle");
        assertThatThrownBy(() -> StreamcastJob.checkModels(TestConfigs.config(good,
                "model.routes=[{keyPrefix: fan-, bundle: '" + broken + "'}]")))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("invalid model: " + broken);
    }

    /** A client without the cluster's file system plugins leaves the check to the tasks. */
    @Test
    void aBundleOnAFileSystemThisJvmLacksIsLeftToTheTasks() {
        assertThatCode(() -> StreamcastJob.checkModels(TestConfigs.config(dir.resolve("unused.zip"),
                "model.bundle=nosuchfs://models/pumps.zip"))).doesNotThrowAnyException();
    }
}
