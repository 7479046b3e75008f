package io.streamcast.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a bundle's files into a {@link ModelBundle}, checking everything first: format version,
 * required fields, feature names, layer shapes, normalisation and calibration sizes, the size and
 * SHA-256 of every weight file, and that every weight is finite. The first problem found is
 * reported with the field or file it concerns.
 */
final class BundleReader {
    private BundleReader() {
    }

    static ModelBundle read(Map<String, byte[]> files, long maxBytes) throws InvalidBundleException {
        long total = files.values().stream().mapToLong(b -> b.length).sum();
        if (total > maxBytes) {
            throw new InvalidBundleException("bundle is " + total + " bytes, over the limit of " + maxBytes);
        }
        byte[] json = files.get(ModelBundle.MANIFEST);
        if (json == null) {
            throw new InvalidBundleException("not a bundle: " + ModelBundle.MANIFEST + " is missing");
        }
        Manifest m = parse(json);
        checkManifest(m);
        List<RecurrentCell> cells = new ArrayList<>();
        for (int l = 0; l < m.layers().size(); l++) {
            Manifest.LayerSpec spec = m.layers().get(l);
            int[] sizes = RecurrentCell.blockSizes(m.cellType(), spec.inputSize(), spec.hiddenSize());
            float[][] blocks = weights(files, spec.file(), spec.sha256(), sizes,
                    m.cellType() + " layer " + l + " [inputSize=" + spec.inputSize() + ", hiddenSize=" + spec.hiddenSize() + "]");
            cells.add(RecurrentCell.of(m.cellType(), spec.inputSize(), spec.hiddenSize(), blocks));
        }
        Manifest.HeadSpec h = m.head();
        float[][] head = weights(files, h.file(), h.sha256(), DenseHead.blockSizes(h.inputSize(), h.outputSize()),
                "head [inputSize=" + h.inputSize() + ", outputSize=" + h.outputSize() + "]");
        return new ModelBundle(m, new RecurrentNetwork(cells,
                new DenseHead(h.inputSize(), h.outputSize(), head[0], head[1], h.activation())));
    }

    private static Manifest parse(byte[] json) throws InvalidBundleException {
        try {
            return BundleJson.MAPPER.readValue(json, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(ModelBundle.MANIFEST + " is not a valid manifest: " + e.getOriginalMessage()
                    + locationOf(e), e);
        } catch (java.io.IOException e) {
            throw new InvalidBundleException(ModelBundle.MANIFEST + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static void checkManifest(Manifest m) throws InvalidBundleException {
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            fail("formatVersion " + m.formatVersion() + " is not supported (this build reads "
                    + Manifest.FORMAT_VERSION + ")");
        }
        require(m.modelId(), "modelId");
        require(m.modelVersion(), "modelVersion");
        require(m.task(), "task");
        require(m.cellType(), "cellType");
        require(m.output(), "output");
        require(m.normalization(), "normalization");
        require(m.layers(), "layers");
        require(m.head(), "head");
        checkFeatures(m.inputFeatures());
        if (m.windowLength() < 1) {
            fail("windowLength must be at least 1, is " + m.windowLength());
        }
        checkLayers(m);
        checkOutput(m);
        checkNormalization(m);
        checkCalibration(m);
    }

    private static void checkFeatures(List<String> features) throws InvalidBundleException {
        if (features == null || features.isEmpty()) {
            fail("inputFeatures must name at least one feature");
        }
        Set<String> seen = new HashSet<>();
        for (String f : features) {
            if (f == null || f.isBlank()) {
                fail("inputFeatures holds an empty name");
            }
            if (!seen.add(f)) {
                fail("inputFeatures names '" + f + "' twice");
            }
        }
    }

    private static void checkLayers(Manifest m) throws InvalidBundleException {
        if (m.layers().isEmpty()) {
            fail("layers: a model needs at least one recurrent layer");
        }
        int expectedIn = m.inputFeatures().size();
        for (int l = 0; l < m.layers().size(); l++) {
            Manifest.LayerSpec s = m.layers().get(l);
            if (s.inputSize() != expectedIn) {
                fail("layers[" + l + "].inputSize is " + s.inputSize() + " but "
                        + (l == 0 ? "there are " + expectedIn + " input features" : "layer " + (l - 1) + " has " + expectedIn + " units"));
            }
            if (s.hiddenSize() < 1) {
                fail("layers[" + l + "].hiddenSize must be positive, is " + s.hiddenSize());
            }
            expectedIn = s.hiddenSize();
        }
        Manifest.HeadSpec h = m.head();
        if (h.inputSize() != expectedIn) {
            fail("head.inputSize is " + h.inputSize() + " but the last layer has " + expectedIn + " units");
        }
        HeadActivation expected = m.task() == Task.CLASSIFY ? HeadActivation.SOFTMAX : HeadActivation.IDENTITY;
        if (h.activation() != expected) {
            fail("head.activation is " + h.activation() + " but a " + m.task() + " model needs " + expected);
        }
    }

    private static void checkOutput(Manifest m) throws InvalidBundleException {
        Manifest.OutputSpec o = m.output();
        switch (m.task()) {
            case FORECAST -> {
                nonEmpty(o.targets(), "output.targets");
                for (String t : o.targets()) {
                    if (!m.inputFeatures().contains(t)) {
                        fail("output.targets names '" + t + "', which is not an input feature " + m.inputFeatures());
                    }
                }
                if (o.horizon() < 1) {
                    fail("output.horizon must be at least 1, is " + o.horizon());
                }
            }
            case CLASSIFY -> {
                nonEmpty(o.classLabels(), "output.classLabels");
                if (o.classLabels().size() < 2) {
                    fail("output.classLabels needs at least two classes");
                }
                if (o.positiveClass() != null && !o.classLabels().contains(o.positiveClass())) {
                    fail("output.positiveClass '" + o.positiveClass() + "' is not one of " + o.classLabels());
                }
            }
            case REGRESS -> nonEmpty(o.targets(), "output.targets");
        }
        if (m.head().outputSize() != m.expectedOutputSize()) {
            fail("head.outputSize is " + m.head().outputSize() + " but the " + m.task() + " output spec needs "
                    + m.expectedOutputSize());
        }
    }

    private static void checkNormalization(Manifest m) throws InvalidBundleException {
        Manifest.Normalization n = m.normalization();
        require(n.inputTransform(), "normalization.inputTransform");
        require(n.inputs(), "normalization.inputs");
        for (String f : m.inputFeatures()) {
            Manifest.FeatureStats s = n.inputs().get(f);
            if (s == null) {
                fail("normalization.inputs has no statistics for input feature '" + f + "'");
            }
            checkScale(s.mean(), s.std(), "normalization.inputs." + f);
        }
        for (String f : n.inputs().keySet()) {
            if (!m.inputFeatures().contains(f)) {
                fail("normalization.inputs has statistics for '" + f + "', which is not an input feature "
                        + m.inputFeatures());
            }
        }
        int outputs = m.task() == Task.CLASSIFY ? 0 : m.expectedOutputSize();
        require(n.outputMean(), "normalization.outputMean");
        require(n.outputStd(), "normalization.outputStd");
        if (n.outputMean().size() != outputs || n.outputStd().size() != outputs) {
            fail("normalization.outputMean/outputStd need " + outputs + " values each, have "
                    + n.outputMean().size() + " and " + n.outputStd().size());
        }
        for (int k = 0; k < outputs; k++) {
            checkScale(n.outputMean().get(k), n.outputStd().get(k), "normalization.output[" + k + "]");
        }
        if (n.relativeToLast() && m.task() != Task.FORECAST) {
            fail("normalization.relativeToLast applies to FORECAST models only");
        }
    }

    private static void checkCalibration(Manifest m) throws InvalidBundleException {
        Manifest.AnomalyCalibration c = m.calibration();
        if (c == null) {
            return;
        }
        if (m.task() == Task.FORECAST) {
            require(c.residualStd(), "calibration.residualStd");
            if (c.residualStd().size() != m.output().targets().size()) {
                fail("calibration.residualStd needs one value per target " + m.output().targets() + ", has "
                        + c.residualStd().size());
            }
            for (double s : c.residualStd()) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    fail("calibration.residualStd values must be positive and finite, found " + s);
                }
            }
        }
        if (c.averagingWindow() < 1 || c.historyWindow() < c.averagingWindow()) {
            fail("calibration needs 1 <= averagingWindow <= historyWindow, has " + c.averagingWindow() + " and "
                    + c.historyWindow());
        }
        if (!(c.threshold() > 0 && c.threshold() < 1)) {
            fail("calibration.threshold must lie in (0, 1), is " + c.threshold());
        }
    }

    private static void checkScale(double mean, double std, String what) throws InvalidBundleException {
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std <= 0) {
            fail(what + " needs a finite mean and a positive finite std, has mean=" + mean + ", std=" + std);
        }
    }

    private static float[][] weights(Map<String, byte[]> files, String name, String sha256, int[] sizes, String what)
            throws InvalidBundleException {
        require(name, what + " file");
        byte[] data = files.get(name);
        if (data == null) {
            fail(name + ": weight file of " + what + " is missing from the bundle");
        }
        int floats = 0;
        for (int s : sizes) {
            floats += s;
        }
        if (data.length != 4L * floats) {
            fail(name + ": " + what + " needs " + floats + " float32 values (" + 4L * floats + " bytes), the file has "
                    + data.length + " bytes");
        }
        String actual = Sha256.of(data);
        if (!actual.equalsIgnoreCase(String.valueOf(sha256))) {
            fail(name + ": SHA-256 mismatch, manifest records " + sha256 + " but the file hashes to " + actual);
        }
        float[][] blocks = Float32.decode(data, sizes);
        for (float[] block : blocks) {
            for (int i = 0; i < block.length; i++) {
                if (!Float.isFinite(block[i])) {
                    fail(name + ": weight " + i + " is " + block[i]);
                }
            }
        }
        return blocks;
    }

    private static void nonEmpty(List<?> list, String field) throws InvalidBundleException {
        if (list == null || list.isEmpty()) {
            fail(field + " must not be empty");
        }
    }

    private static void require(Object value, String field) throws InvalidBundleException {
        if (value == null) {
            fail(field + " is missing");
        }
    }

    private static void fail(String message) throws InvalidBundleException {
        throw new InvalidBundleException(message);
    }
}
