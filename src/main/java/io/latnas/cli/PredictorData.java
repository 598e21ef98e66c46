package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.DatasetSplit;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.Target;
import io.latnas.encoding.CostEncoder;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.SampleSplit;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the predictor commands share: reading a dataset for one target, splitting it, checking a model fits a query. */
final class PredictorData {

    /** help-ofa's id split keeps this share of ids 0..3,999 for training, the rest for validation. */
    static final double HELP_OFA_TRAIN_FRACTION = 0.85;

    private PredictorData() {
    }

    /**
     * Reads a wide or long dataset CSV and keeps the rows of one target; without {@code --hardware}
     * and {@code --batch} the file must hold just one (or {@code allowMany} must be set).
     */
    static LatencyDataset read(Path data, SearchSpace space, String hardware, Integer batch, boolean allowMany) {
        if (!Files.isRegularFile(data)) {
            throw new InvalidInputException("--data", "no such file: " + data);
        }
        LatencyDataset ds = DatasetCsv.read(data, space, "replay:" + data.getFileName());
        List<Target> kept = ds.targets().stream()
                .filter(t -> hardware == null || t.hardwareId().equals(hardware))
                .filter(t -> batch == null || t.batchSize() == batch)
                .toList();
        if (kept.isEmpty()) {
            throw new InvalidInputException("--hardware", data + " has no rows for "
                    + (hardware == null ? "" : "hardware " + hardware + " ") + (batch == null ? "" : "batch " + batch)
                    + "; it has " + targets(ds.targets()));
        }
        if (kept.size() > 1 && !allowMany) {
            throw new InvalidInputException("--hardware", data + " holds " + kept.size() + " targets (" + targets(kept)
                    + "); choose one with --hardware and --batch");
        }
        return kept.stream().map(ds::forTarget).reduce(LatencyDataset::concat).orElseThrow();
    }

    /** Catalog features for encoders that read hardware; none otherwise. */
    static Function<String, double[]> features(boolean usesHardware) {
        return usesHardware ? DatasetSamples.catalogFeatures(LatnasSettings.load().hardware()) : null;
    }

    /**
     * Splits a dataset: {@code random} 70/15/15 by architecture, or {@code help-ofa} (ids 0..3,999
     * split 85/15 into train and validation, ids 4,000..4,999 for test).
     */
    static SampleSplit split(LatencyDataset ds, String method, long seed, Function<String, double[]> features) {
        if ("help-ofa".equals(method)) {
            DatasetSplit ids = DatasetSplit.helpOfa(ds);
            if (ids.train().isEmpty() || ids.test().isEmpty()) {
                throw new InvalidInputException("--split", "the help-ofa split needs rows with ids 0..3999 and 4000..4999; got "
                        + ids.train().size() + " and " + ids.test().size());
            }
            return SampleSplit.withHeldOutTest(DatasetSamples.of(ids.train(), features),
                    DatasetSamples.of(ids.test(), features), HELP_OFA_TRAIN_FRACTION, seed);
        }
        return DatasetSamples.of(DatasetSplit.random(ds, seed), features);
    }

    /** The dataset as predictor rows, with hardware features when the model reads them. */
    static LatencySamples samples(LatencyDataset ds, MlpLatencyPredictor model) {
        return DatasetSamples.of(ds, features(model.encoder().usesHardware()));
    }

    /**
     * Refuses a query a model was not trained for: a single-target model asked about other hardware
     * or another batch size, or a cost encoder asked about a space of another width.
     */
    static void requireFits(MlpLatencyPredictor model, SearchSpace space, String hardware, int batch) {
        requireSpace(model, space);
        if (model.encoder().usesHardware()) {
            return;
        }
        List<String> ids = model.provenance().hardwareIds();
        List<Integer> batches = model.provenance().batchSizes();
        if (!ids.contains(hardware) || !batches.contains(batch)) {
            throw new InvalidInputException("--hardware", "model " + model.id() + " was trained for " + ids + " batch "
                    + batches + ", not " + hardware + " batch " + batch + "; fine-tune it for that target first");
        }
    }

    /**
     * The space named by {@code --space}, or else the one the model was trained on.
     *
     * @throws InvalidInputException when neither says which
     */
    static SearchSpace space(MlpLatencyPredictor model, String option) {
        if (option != null) {
            return SearchSpaces.byId(option);
        }
        return SearchSpaces.byId(model.provenance().space().orElseThrow(() -> new InvalidInputException("--space",
                "model " + model.id() + " does not record its search space; say which with --space")));
    }

    /**
     * Refuses a space whose width differs from the one the model was trained on, or the one a cost
     * encoder counted its features at: a wider network is slower, so the model's latencies would be wrong.
     */
    static void requireSpace(MlpLatencyPredictor model, SearchSpace space) {
        String trained = model.provenance().spaceId();
        if (trained != null && SearchSpaces.byId(trained).widthMultiplier() != space.widthMultiplier()) {
            throw new InvalidInputException("--space", "model " + model.id() + " was trained on " + trained
                    + " (width " + SearchSpaces.byId(trained).widthMultiplier() + "); " + space.id() + " has width "
                    + space.widthMultiplier());
        }
        if (model.encoder() instanceof CostEncoder c && c.features().widthMultiplier() != space.widthMultiplier()) {
            throw new InvalidInputException("--space", "model " + model.id() + " was trained on a space of width "
                    + c.features().widthMultiplier() + "; " + space.id() + " has width " + space.widthMultiplier());
        }
    }

    /** The model's own target when it has exactly one; else the option values, which must be given. */
    static Target target(MlpLatencyPredictor model, String hardware, Integer batch) {
        List<String> ids = model.provenance().hardwareIds();
        List<Integer> batches = model.provenance().batchSizes();
        String h = hardware != null ? hardware : ids.size() == 1 && !model.encoder().usesHardware() ? ids.get(0) : null;
        Integer b = batch != null ? batch : batches.size() == 1 ? batches.get(0) : null;
        if (h == null) {
            throw new InvalidInputException("--hardware", "model " + model.id() + " covers " + ids + "; say which with --hardware");
        }
        if (b == null) {
            throw new InvalidInputException("--batch", "model " + model.id() + " covers batch " + batches + "; say which with --batch");
        }
        return new Target(h, b);
    }

    private static String targets(List<Target> targets) {
        return targets.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
