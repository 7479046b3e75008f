package io.streamcast.core.scoring;

import io.streamcast.core.bundle.Manifest;
import java.util.Objects;

/**
 * Whether a key's state built by one model can be carried on by another without rebuilding:
 * same input features and transform (the window holds the same quantities), same cell type and
 * layer sizes (the recurrent state has the same meaning and shape) and same targets (the pending
 * forecast and the error statistics stay valid). Retrained weights of one architecture are
 * compatible; anything else is re-warmed from the key's window.
 */
public final class ModelCompatibility {
    private ModelCompatibility() {
    }

    public static boolean stateCompatible(Manifest from, Manifest to) {
        if (from == null || to == null) {
            return false;
        }
        if (!from.inputFeatures().equals(to.inputFeatures()) || from.cellType() != to.cellType()
                || from.task() != to.task()
                || from.normalization().inputTransform() != to.normalization().inputTransform()
                || from.layers().size() != to.layers().size()) {
            return false;
        }
        for (int l = 0; l < from.layers().size(); l++) {
            if (from.layers().get(l).hiddenSize() != to.layers().get(l).hiddenSize()) {
                return false;
            }
        }
        return Objects.equals(from.output().targets(), to.output().targets())
                && Objects.equals(from.output().classLabels(), to.output().classLabels());
    }
}
