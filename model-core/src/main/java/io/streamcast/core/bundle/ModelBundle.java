package io.streamcast.core.bundle;

import io.streamcast.core.nn.RecurrentNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated model: its manifest and its inference network. Instances exist only for bundles
 * that passed every check of {@link BundleValidator}; they are immutable and shareable.
 */
public final class ModelBundle {
    public static final String MANIFEST = "manifest.json";
    /** Refuse bundles larger than this unless the caller allows more (defends the job's heap). */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final Manifest manifest;
    private final RecurrentNetwork network;

    ModelBundle(Manifest manifest, RecurrentNetwork network) {
        this.manifest = manifest;
        this.network = network;
    }

    /**
     * A bundle from a trainer's draft manifest (layers and head may be null: they are derived from
     * {@code network}) and a network. Validated like a loaded bundle.
     */
    public static ModelBundle of(Manifest draft, RecurrentNetwork network) throws InvalidBundleException {
        return BundleReader.read(BundleWriter.files(draft, network), DEFAULT_MAX_BYTES);
    }

    /** Loads a bundle directory or {@code .zip} file, validating everything. */
    public static ModelBundle load(Path path) throws InvalidBundleException {
        return load(path, DEFAULT_MAX_BYTES);
    }

    public static ModelBundle load(Path path, long maxBytes) throws InvalidBundleException {
        return BundleReader.read(BundleFiles.read(path, maxBytes), maxBytes);
    }

    /** A bundle from its files in memory (name to content), e.g. fetched from a remote file system. */
    public static ModelBundle fromFiles(Map<String, byte[]> files, long maxBytes) throws InvalidBundleException {
        return BundleReader.read(files, maxBytes);
    }

    /** Loads a zipped bundle from memory (e.g. fetched through Flink's FileSystem). */
    public static ModelBundle fromZip(byte[] zip, long maxBytes) throws InvalidBundleException {
        return BundleReader.read(BundleFiles.unzip(zip, maxBytes), maxBytes);
    }

    public Manifest manifest() {
        return manifest;
    }

    public RecurrentNetwork network() {
        return network;
    }

    /** "modelId:modelVersion", the label every output carries. */
    public String label() {
        return manifest.modelId() + ":" + manifest.modelVersion();
    }

    /** Writes the bundle as a directory ({@code manifest.json} and weight files). */
    public void writeDirectory(Path dir) throws IOException {
        BundleFiles.writeDirectory(dir, files());
    }

    /** The bundle as one zip archive. */
    public byte[] toZip() throws IOException {
        return BundleFiles.zip(files());
    }

    /** Writes the bundle as a zip file. */
    public void writeZip(Path file) throws IOException {
        java.nio.file.Files.write(file, toZip());
    }

    private Map<String, byte[]> files() {
        return BundleWriter.files(manifest, network);
    }

    /**
     * Checks that this model reads exactly the given features in that order, e.g. those of the
     * model it replaces or those a stream provides.
     */
    public void requireInputFeatures(List<String> expected) throws InvalidBundleException {
        if (!manifest.inputFeatures().equals(expected)) {
            throw new InvalidBundleException("feature schema mismatch: bundle " + label() + " reads "
                    + manifest.inputFeatures() + ", expected " + expected);
        }
    }
}
