package io.streamcast.job;

/**
 * A control message on the model-updates topic: serve {@code modelId} at {@code version} from the
 * bundle at {@code uri} (path or Flink FileSystem URI, zip or directory), whose SHA-256 is
 * {@code sha256}: of the zip file, or of {@code manifest.json} for a directory (the manifest
 * pins every weight file by its own SHA-256). A Flink POJO.
 */
public class ModelUpdate {
    public String modelId;
    public String version;
    public String uri;
    public String sha256;

    public ModelUpdate() {
    }

    public ModelUpdate(String modelId, String version, String uri, String sha256) {
        this.modelId = modelId;
        this.version = version;
        this.uri = uri;
        this.sha256 = sha256;
    }

    @Override
    public String toString() {
        return modelId + ":" + version + " from " + uri;
    }
}
