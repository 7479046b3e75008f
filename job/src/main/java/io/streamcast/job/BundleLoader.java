package io.streamcast.job;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Fetches a model bundle through Flink's FileSystem (local paths, {@code file://}, {@code s3://},
 * {@code hdfs://} ... whatever plugins the cluster has), checks the expected SHA-256 when one is
 * given, then validates it with model-core. Never reads more than the size limit.
 */
public final class BundleLoader {
    private BundleLoader() {
    }

    /**
     * @param expectedSha256 SHA-256 of the zip file, or of {@code manifest.json} for a directory;
     *     null to skip (the bundle's own per-file checksums are always verified)
     */
    public static ModelBundle load(String uri, String expectedSha256, long maxBytes) throws InvalidBundleException {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem();
            if (!fs.exists(path)) {
                throw new InvalidBundleException(uri + ": no such bundle");
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isDir()) {
                Map<String, byte[]> files = new TreeMap<>();
                long total = 0;
                for (FileStatus f : fs.listStatus(path)) {
                    if (f.isDir()) {
                        continue;
                    }
                    total += f.getLen();
                    if (total > maxBytes) {
                        throw new InvalidBundleException(uri + ": bundle exceeds the limit of " + maxBytes + " bytes");
                    }
                    files.put(f.getPath().getName(), read(fs, f.getPath(), maxBytes));
                }
                checkSha(uri + "/" + ModelBundle.MANIFEST, files.get(ModelBundle.MANIFEST), expectedSha256);
                return named(uri, () -> ModelBundle.fromFiles(files, maxBytes));
            }
            if (status.getLen() > maxBytes) {
                throw new InvalidBundleException(uri + ": " + status.getLen() + " bytes exceeds the limit of " + maxBytes);
            }
            byte[] zip = read(fs, path, maxBytes);
            checkSha(uri, zip, expectedSha256);
            return named(uri, () -> ModelBundle.fromZip(zip, maxBytes));
        } catch (IOException e) {
            throw new InvalidBundleException(uri + ": cannot read bundle: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(uri + ": not a valid path or URI: " + e.getMessage(), e);
        }
    }

    private interface BundleSource {
        ModelBundle read() throws InvalidBundleException;
    }

    /** model-core's checks say what is wrong; the URI says which bundle (a job may load several). */
    private static ModelBundle named(String uri, BundleSource source) throws InvalidBundleException {
        try {
            return source.read();
        } catch (InvalidBundleException e) {
            throw new InvalidBundleException(uri + ": " + e.getMessage(), e);
        }
    }

    private static void checkSha(String what, byte[] data, String expected) throws InvalidBundleException {
        if (expected == null || data == null) {
            return;
        }
        String actual = Sha256.of(data);
        if (!actual.equalsIgnoreCase(expected.trim())) {
            throw new InvalidBundleException(what + ": SHA-256 mismatch, update says " + expected + " but the file hashes to "
                    + actual);
        }
    }

    private static byte[] read(FileSystem fs, Path p, long maxBytes) throws IOException, InvalidBundleException {
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                if (out.size() + (long) r > maxBytes) {
                    throw new InvalidBundleException(p + ": exceeds the size limit of " + maxBytes + " bytes");
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        }
    }
}
