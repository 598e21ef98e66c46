package io.latnas.inference;

import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Objects;

/**
 * A trained MLP latency predictor served as the model of one hardware target (by the predictor pool,
 * for the API's trained predictors and the quickstart). Its encoder (paper128) reads no hardware features.
 */
public final class TrainedModel implements BatchLatencyModel {

    private final String id;
    private final String hardwareId;
    private final SearchSpace space;
    private final MlpLatencyPredictor predictor;

    public TrainedModel(String id, String hardwareId, SearchSpace space, MlpLatencyPredictor predictor) {
        this.id = Objects.requireNonNull(id, "id");
        this.hardwareId = Objects.requireNonNull(hardwareId, "hardwareId");
        this.space = Objects.requireNonNull(space, "space");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String hardwareId() {
        return hardwareId;
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public double[] predictMs(List<Architecture> archs, int batchSize) {
        return predictor.predictMs(archs, null, batchSize);
    }
}
