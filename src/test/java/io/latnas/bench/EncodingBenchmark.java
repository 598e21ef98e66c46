package io.latnas.bench;

import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The paper128 encoding alone, 1,000 architectures into one row-major float array per call; the
 * score is architectures per second.
 *
 * <pre>scripts/jmh EncodingBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EncodingBenchmark {

    private static final int BATCH = 1000;

    private final ArchitectureEncoder encoder = new Paper128Encoder();
    private final float[] features = new float[BATCH * Paper128Encoder.DIMENSION];
    private List<Architecture> archs;

    @Setup
    public void sample() {
        SplittableRandom rng = new SplittableRandom(3);
        archs = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            archs.add(SearchSpaces.OFA_W10.sample(rng));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] encodePaper128() {
        for (int i = 0; i < BATCH; i++) {
            encoder.encode(archs.get(i), null, 1, features, i * Paper128Encoder.DIMENSION);
        }
        return features;
    }
}
