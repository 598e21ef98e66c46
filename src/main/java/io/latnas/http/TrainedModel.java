package io.latnas.http;

import io.latnas.inference.BatchLatencyModel;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Objects;

/**
 * A predictor trained through the API, served by the predictor pool as the model of one hardware target.
 * Its encoder (paper128) reads no hardware features. It belongs beside {@code LatencySourceModel} in
 * {@code inference} once trained predictors are served from elsewhere too.
 */
final class TrainedModel implements BatchLatencyModel {

    private final String id;
    private final String hardwareId;
    private final SearchSpace space;
    private final MlpLatencyPredictor predictor;

    TrainedModel(String id, String hardwareId, SearchSpace space, MlpLatencyPredictor predictor) {
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
