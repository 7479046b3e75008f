package io.streamcast.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes a manifest and a network into the bundle's files, recording each weight file's SHA-256. */
final class BundleWriter {
    private BundleWriter() {
    }

    static Map<String, byte[]> files(Manifest draft, RecurrentNetwork network) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Manifest.LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < network.layers().size(); l++) {
            RecurrentCell cell = network.layers().get(l);
            String name = "layer-" + l + ".f32";
            byte[] data = Float32.encode(cell.parameterBlocks());
            files.put(name, data);
            layers.add(new Manifest.LayerSpec(cell.inputSize(), cell.hiddenSize(), name, Sha256.of(data)));
        }
        byte[] head = Float32.encode(network.head().parameterBlocks());
        files.put("head.f32", head);
        Manifest manifest = draft.withWeights(layers, new Manifest.HeadSpec(network.head().inputSize(),
                network.head().outputSize(), network.head().activation(), "head.f32", Sha256.of(head)));
        try {
            files.put(ModelBundle.MANIFEST, BundleJson.MAPPER.writeValueAsBytes(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest records always serialise", e);
        }
        return files;
    }
}
