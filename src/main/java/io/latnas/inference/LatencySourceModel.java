package io.latnas.inference;

import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Objects;

/**
 * A {@link LatencySource} (simulated device, lookup table, replay) served as a {@link BatchLatencyModel},
 * so that the serving path can be exercised before trained predictors exist. Its id says where the
 * numbers come from: {@code simulated:rtx2080ti@ofa-mbv3-w1.0}, {@code lookup-table:note10@ofa-mbv3-w1.2}.
 * A source that covers only some resolutions (a lookup table) serves the space restricted to them.
 */
public final class LatencySourceModel implements BatchLatencyModel {

    private final LatencySource source;
    private final SearchSpace space;
    private final String id;

    /**
     * @param space the space whose architectures the source was built for (its width multiplier)
     */
    public LatencySourceModel(LatencySource source, SearchSpace space) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(space, "space");
        this.space = source.resolutions() == null ? space : space.restrictedToResolutions(source.resolutions());
        this.id = id(source.kind(), source.hardwareId(), space);
    }

    /** The id a source of {@code kind} for {@code hardwareId} and {@code space} is served under. */
    public static String id(String kind, String hardwareId, SearchSpace space) {
        return kind + ":" + hardwareId + "@" + space.id();
    }

    public LatencySource source() {
        return source;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String hardwareId() {
        return source.hardwareId();
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public double[] predictMs(List<Architecture> archs, int batchSize) {
        return source.latenciesMs(archs, batchSize);
    }

    @Override
    public String toString() {
        return "LatencySourceModel[" + id + "]";
    }
}
