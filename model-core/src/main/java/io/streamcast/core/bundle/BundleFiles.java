package io.streamcast.core.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Moves a bundle's files (flat names, no directories) between memory, a directory and a zip
 * archive, never reading more than a size limit.
 */
final class BundleFiles {
    /** Fixed entry time so that the same bundle always zips to the same bytes (and SHA-256). */
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private BundleFiles() {
    }

    static Map<String, byte[]> read(Path path, long maxBytes) throws InvalidBundleException {
        try {
            if (Files.isDirectory(path)) {
                return readDirectory(path, maxBytes);
            }
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new InvalidBundleException(path + ": " + size + " bytes exceeds the limit of " + maxBytes);
            }
            return unzip(Files.readAllBytes(path), maxBytes);
        } catch (NoSuchFileException e) {
            throw new InvalidBundleException(path + ": no such bundle directory or zip file", e);
        } catch (IOException e) {
            throw new InvalidBundleException(path + ": cannot read bundle: " + e, e);
        }
    }

    private static Map<String, byte[]> readDirectory(Path dir, long maxBytes) throws IOException, InvalidBundleException {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                total += Files.size(p);
                if (total > maxBytes) {
                    throw new InvalidBundleException(dir + ": bundle exceeds the limit of " + maxBytes + " bytes");
                }
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static Map<String, byte[]> unzip(byte[] zip, long maxBytes) throws InvalidBundleException {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new InvalidBundleException("zip entry '" + name + "': bundles hold flat file names only");
                }
                byte[] data = readLimited(in, maxBytes - total, name);
                total += data.length;
                files.put(name, data);
            }
        } catch (IOException e) {
            throw new InvalidBundleException("not a readable zip archive: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidBundleException("not a bundle: the zip archive holds no files");
        }
        return files;
    }

    private static byte[] readLimited(InputStream in, long remaining, String name)
            throws IOException, InvalidBundleException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
            if (out.size() + (long) r > remaining) {
                throw new InvalidBundleException("zip entry '" + name + "': bundle exceeds the size limit");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    static void writeDirectory(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                ZipEntry e = new ZipEntry(f.getKey());
                e.setLastModifiedTime(EPOCH);
                out.putNextEntry(e);
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
