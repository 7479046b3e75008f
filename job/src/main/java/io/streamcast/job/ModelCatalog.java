package io.streamcast.job;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which model scores which key, and the rules of a hot swap. Keys are routed by the longest
 * matching key prefix (the default model has the empty prefix). A new version of a model replaces
 * it on every route it serves, provided it reads the same input features; its architecture may
 * differ, in which case each key's state is rebuilt from its window on its next event.
 * One instance per Flink subtask (its scorers hold scratch buffers).
 */
final class ModelCatalog {
    private final ScoringConfig scoring;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Manifest> known = new HashMap<>();

    private static final class Route {
        final String prefix;
        StreamScorer scorer;

        Route(String prefix, StreamScorer scorer) {
            this.prefix = prefix;
            this.scorer = scorer;
        }
    }

    /** Loads and checks the configured default model and every routed one. */
    static ModelCatalog load(JobConfig.Model models, ScoringConfig scoring) throws InvalidBundleException {
        Map<String, ModelBundle> routes = new LinkedHashMap<>();
        if (models.routes() != null) {
            for (JobConfig.Route r : models.routes()) {
                routes.put(r.keyPrefix(), BundleLoader.load(r.bundle(), null, models.maxBundleBytes()));
            }
        }
        return new ModelCatalog(scoring, BundleLoader.load(models.bundle(), null, models.maxBundleBytes()), routes);
    }

    ModelCatalog(ScoringConfig scoring, ModelBundle defaultModel, Map<String, ModelBundle> byPrefix) {
        this.scoring = scoring;
        routes.add(new Route("", scorer(defaultModel)));
        byPrefix.forEach((prefix, bundle) -> routes.add(new Route(prefix, scorer(bundle))));
        routes.sort(Comparator.comparingInt((Route r) -> r.prefix.length()).reversed());
    }

    private StreamScorer scorer(ModelBundle b) {
        known.put(b.label(), b.manifest());
        return new StreamScorer(b, scoring, known::get);
    }

    StreamScorer scorerFor(String key) {
        for (Route r : routes) {
            if (key.startsWith(r.prefix)) {
                return r.scorer;
            }
        }
        throw new IllegalStateException("the default route has the empty prefix");
    }

    /**
     * Serves {@code b} wherever its model id is served now. Refused when no route serves that
     * model id or when it reads other features than the model it replaces.
     */
    void swap(ModelBundle b) throws InvalidBundleException {
        String id = b.manifest().modelId();
        boolean served = false;
        for (Route r : routes) {
            Manifest current = r.scorer.bundle().manifest();
            if (current.modelId().equals(id)) {
                b.requireInputFeatures(current.inputFeatures());
                served = true;
            }
        }
        if (!served) {
            throw new InvalidBundleException("model id '" + id + "' is not served by this job (serving " + labels() + ")");
        }
        StreamScorer next = scorer(b);
        for (Route r : routes) {
            if (r.scorer.bundle().manifest().modelId().equals(id)) {
                r.scorer = next;
            }
        }
    }

    /** Labels ("id:version") of the models being served. */
    Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        for (Route r : routes) {
            labels.add(r.scorer.bundle().label());
        }
        return labels;
    }

    /** The version currently served for a model id, or null. */
    String versionOf(String modelId) {
        for (Route r : routes) {
            if (r.scorer.bundle().manifest().modelId().equals(modelId)) {
                return r.scorer.bundle().manifest().modelVersion();
            }
        }
        return null;
    }
}
