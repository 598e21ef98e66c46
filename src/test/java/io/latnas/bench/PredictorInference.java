package io.latnas.bench;

import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * In-process batched inference of the paper's MLP (128 → 400 → 400 → 1), encoding included: one
 * {@code predictMs(List<Architecture>, ...)} call per batch. The {@code architectures} counter is
 * architectures per second; the primary score is calls per second.
 *
 * <pre>scripts/jmh PredictorInference -f 1 -wi 2 -i 3
 * OMP_NUM_THREADS=1 scripts/jmh PredictorInference -f 1 -wi 2 -i 3 -t 2</pre>
 *
 * The second form is how a worker pool uses one predictor: two callers, one native thread each, which
 * scales with the cores where two native threads per call do not. On a machine shared with other work,
 * two OpenMP threads per call that spin-wait make mid-sized batches many times slower; use
 * {@code OMP_NUM_THREADS=1} or {@code OMP_WAIT_POLICY=PASSIVE} there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PredictorInference {

    @Param({"1", "100", "1000", "10000"})
    public int batch;

    private MlpLatencyPredictor predictor;
    private List<Architecture> archs;

    /** Counts architectures predicted, reported per second beside the calls. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long architectures;

        @Setup(Level.Iteration)
        public void reset() {
            architectures = 0;
        }
    }

    @Setup(Level.Trial)
    public void train() {
        // Weights do not change the cost of a forward pass; a short run gives a real predictor.
        LatencySamples samples = TrainingSpeed.syntheticSamples(300, 1);
        predictor = new MlpLatencyTrainer("paper128", MlpHyperParameters.paper().withEpochs(1)).train(samples);
        SplittableRandom rng = new SplittableRandom(2);
        archs = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            archs.add(SearchSpaces.OFA_W10.sample(rng));
        }
    }

    @Benchmark
    public double[] predictBatch(Counted counted) {
        counted.architectures += batch;
        return predictor.predictMs(archs, null, 1);
    }
}
