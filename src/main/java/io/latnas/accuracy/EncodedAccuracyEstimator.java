package io.latnas.accuracy;

import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.space.Architecture;

import java.util.List;
import java.util.Objects;

/**
 * An accuracy estimator made of an architecture encoder and any model that maps a batch of encoded
 * vectors to top-1 accuracies in percent: the way a trained MLP (or any other regressor) becomes
 * something the search can maximise. The encoder must not need hardware features, since accuracy
 * does not depend on the device.
 */
public final class EncodedAccuracyEstimator implements AccuracyEstimator {

    /** A model over encoded architectures: one accuracy in percent per row of {@code features}. */
    @FunctionalInterface
    public interface Model {
        double[] predict(float[][] features);
    }

    private final String id;
    private final ArchitectureEncoder encoder;
    private final Model model;

    /**
     * @param id      stable id recorded with results (the trained model's name)
     * @param encoder the encoding the model was trained on
     * @throws IllegalArgumentException when the encoder reads hardware features
     */
    public EncodedAccuracyEstimator(String id, ArchitectureEncoder encoder, Model model) {
        this.id = Objects.requireNonNull(id, "id");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.model = Objects.requireNonNull(model, "model");
        if (encoder.usesHardware()) {
            throw new IllegalArgumentException("encoder " + encoder.id()
                    + " reads hardware features; accuracy needs an architecture-only encoder");
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isSurrogate() {
        return false;
    }

    public ArchitectureEncoder encoder() {
        return encoder;
    }

    @Override
    public double[] accuracy(List<Architecture> archs) {
        float[][] features = new float[archs.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = encoder.encode(archs.get(i), null, 1);
        }
        double[] out = model.predict(features);
        if (out.length != features.length) {
            throw new IllegalStateException("model " + id + " answered " + out.length + " accuracies for "
                    + features.length + " architectures");
        }
        return out;
    }

    @Override
    public String toString() {
        return id + " over " + encoder.id();
    }
}
