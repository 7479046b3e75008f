package io.streamcast.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.NetworkState;
import io.streamcast.core.nn.NetworkStepper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelBundleTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void directoryAndZipRoundTripsGiveTheSameModel(CellType type) throws Exception {
        ModelBundle original = TestBundles.forecaster("m", "7", type, List.of("temp", "load"), 12, 1);
        original.writeDirectory(dir.resolve("b"));
        original.writeZip(dir.resolve("b.zip"));

        ModelBundle fromDir = ModelBundle.load(dir.resolve("b"));
        ModelBundle fromZip = ModelBundle.load(dir.resolve("b.zip"));

        assertThat(fromDir.manifest()).isEqualTo(original.manifest());
        assertThat(fromZip.manifest()).isEqualTo(original.manifest());
        assertThat(fromDir.label()).isEqualTo("m:7");
        assertThat(outputs(fromDir)).containsExactly(outputs(original));
        assertThat(outputs(fromZip)).containsExactly(outputs(original));
        assertThat(Files.list(dir.resolve("b")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("manifest.json", "layer-0.f32", "head.f32");
    }

    @Test
    void zipBytesAreDeterministic() throws Exception {
        ModelBundle b = TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 4, 3);
        assertThat(b.toZip()).isEqualTo(ModelBundle.fromZip(b.toZip(), ModelBundle.DEFAULT_MAX_BYTES).toZip());
    }

    @Test
    void weightFileIsLittleEndianFloat32InTheDocumentedOrder() throws Exception {
        ModelBundle b = TestBundles.forecaster("m", "1", CellType.GRU, List.of("x"), 3, 5);
        b.writeDirectory(dir);
        byte[] layer = Files.readAllBytes(dir.resolve("layer-0.f32"));
        // GRU [nIn=1, n=3]: Wx 1x9, Wh 3x9, b 9 = 45 floats
        assertThat(layer).hasSize(45 * 4);
        float[][] blocks = b.network().layers().get(0).parameterBlocks();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(layer).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(buf.getFloat(0)).isEqualTo(blocks[0][0]);
        assertThat(buf.getFloat(9 * 4)).isEqualTo(blocks[1][0]);
        assertThat(buf.getFloat(36 * 4)).isEqualTo(blocks[2][0]);
    }

    @Test
    void flippedByteInAWeightFileIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        Path layer = dir.resolve("layer-0.f32");
        byte[] data = Files.readAllBytes(layer);
        data[37] ^= 0x01;
        Files.write(layer, data);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("layer-0.f32: SHA-256 mismatch");
    }

    @Test
    void renamedFeatureIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("temp"), 8, 1).writeDirectory(dir);
        editManifest(s -> s.replaceFirst("\"inputFeatures\" : \\[ \"temp\" \\]", "\"inputFeatures\" : [ \"tmp\" ]"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("output.targets names 'temp', which is not an input feature [tmp]");
    }

    @Test
    void featureSchemaOfAnotherModelIsRefused() throws Exception {
        ModelBundle b = TestBundles.forecaster("m", "1", CellType.LSTM, List.of("temp", "load"), 8, 1);
        b.requireInputFeatures(List.of("temp", "load"));
        assertThatThrownBy(() -> b.requireInputFeatures(List.of("load", "temp")))
                .hasMessage("feature schema mismatch: bundle m:1 reads [temp, load], expected [load, temp]");
    }

    @Test
    void wrongShapeIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        editManifest(s -> s.replace("\"hiddenSize\" : 8", "\"hiddenSize\" : 9").replace("\"inputSize\" : 8", "\"inputSize\" : 9"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("layer-0.f32: LSTM layer 0 [inputSize=1, hiddenSize=9] needs 396 float32 values (1584 bytes), the file has 1280 bytes");
    }

    @Test
    void truncatedWeightFileIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        Path head = dir.resolve("head.f32");
        byte[] data = Files.readAllBytes(head);
        Files.write(head, java.util.Arrays.copyOf(data, data.length - 4));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("head.f32: head [inputSize=8, outputSize=1]");
    }

    @Test
    void unsupportedFormatVersionIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        editManifest(s -> s.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessage("formatVersion 2 is not supported (this build reads 1)");
    }

    @Test
    void missingWeightFileIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        Files.delete(dir.resolve("head.f32"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("head.f32: weight file of head");
    }

    @Test
    void missingManifestFieldIsRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        editManifest(s -> s.replace("\"modelId\" : \"m\",", ""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessage("modelId is missing");
    }

    @Test
    void unknownManifestFieldAndBrokenJsonAreRefused() throws Exception {
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 8, 1).writeDirectory(dir);
        editManifest(s -> s.replace("\"modelId\" : \"m\",", "\"modelId\" : \"m\", \"colour\" : 1,"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("colour");
        editManifest(s -> s.substring(0, s.length() / 2));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("manifest.json is not a valid manifest");
    }

    @Test
    void nonFiniteWeightIsRefusedEvenWithAMatchingChecksum() throws Exception {
        ModelBundle b = TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 2, 1);
        b.writeDirectory(dir);
        Path head = dir.resolve("head.f32");
        byte[] data = Files.readAllBytes(head);
        java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        Files.write(head, data);
        String sha = Sha256.of(data);
        editManifest(s -> s.replaceFirst("(\"file\" : \"head.f32\",\\s*\"sha256\" : \")[0-9a-f]+", "$1" + sha));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessage("head.f32: weight 0 is NaN");
    }

    @Test
    void oversizeBundleIsRefused() throws Exception {
        ModelBundle b = TestBundles.forecaster("m", "1", CellType.LSTM, List.of("x"), 32, 1);
        b.writeZip(dir.resolve("b.zip"));
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("b.zip"), 1000)).hasMessageContaining("exceeds the limit of 1000");
        assertThatThrownBy(() -> ModelBundle.fromZip(b.toZip(), 1000)).hasMessageContaining("exceeds the size limit");
    }

    @Test
    void nonBundlesAreRefused() throws Exception {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("absent"))).hasMessageContaining("no such bundle");
        Files.writeString(dir.resolve("junk.zip"), "not a zip");
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("junk.zip"))).hasMessageContaining("holds no files");
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("manifest.json is missing");
    }

    private void editManifest(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, edit.apply(Files.readString(m, StandardCharsets.UTF_8)));
    }

    private static float[] outputs(ModelBundle b) {
        NetworkStepper stepper = b.network().newStepper();
        NetworkState state = b.network().newState();
        int nIn = b.network().inputSize();
        float[] y = new float[b.network().outputSize()];
        float[] all = new float[50 * y.length];
        for (int t = 0; t < 50; t++) {
            float[] x = new float[nIn];
            java.util.Arrays.fill(x, (float) Math.sin(t * 0.3));
            stepper.step(x, state, y);
            System.arraycopy(y, 0, all, t * y.length, y.length);
        }
        return all;
    }
}
