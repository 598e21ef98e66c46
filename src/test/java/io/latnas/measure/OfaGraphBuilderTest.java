package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.NetworkCostModel;
import io.latnas.measure.dl4j.OfaGraphBuilder;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfaGraphBuilderTest {

    static Architecture uniform(int kernelSize, int expandRatio, int depth, int resolution) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        int[] d = new int[Architecture.STAGES];
        Arrays.fill(ks, kernelSize);
        Arrays.fill(e, expandRatio);
        Arrays.fill(d, depth);
        return Architecture.of(ks, e, d, resolution);
    }

    /** Smallest, largest and sampled subnets of every space, both widths among them. */
    private static List<Object[]> subnets() {
        List<Object[]> cases = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        for (SearchSpace space : SearchSpaces.all()) {
            cases.add(new Object[] {space, space.sample(rng)});
            cases.add(new Object[] {space, space.sample(rng)});
        }
        for (SearchSpace space : List.of(SearchSpaces.OFA_W10, SearchSpaces.OFA_W12)) {
            cases.add(new Object[] {space, uniform(3, 3, 2, 128)});
            cases.add(new Object[] {space, uniform(7, 6, 4, 224)});
        }
        return cases;
    }

    @Test
    void convAndDenseWeightsAreTheCostModelsParameters() {
        for (Object[] c : subnets()) {
            SearchSpace space = (SearchSpace) c[0];
            Architecture arch = (Architecture) c[1];
            NetworkCostModel model = NetworkCostModel.of(space);
            ComputationGraph graph = new OfaGraphBuilder(model, 1).network(arch);
            assertThat(OfaGraphBuilder.convAndDenseParameters(graph)).as("%s %s", space, arch)
                    .isEqualTo(model.parameters(arch));
            graph.close();
        }
    }

    @Test
    void everyConvolutionOutsideSqueezeExcitationAndFeatureMixHasBatchNorm() {
        Architecture arch = uniform(5, 4, 3, 128);
        NetworkCostModel model = NetworkCostModel.of(1.0);
        ComputationGraph graph = new OfaGraphBuilder(model, 1).network(arch);
        long depthwise = Arrays.stream(graph.getLayers())
                .filter(l -> l.conf().getLayer() instanceof DepthwiseConvolution2D).count();
        long batchNorms = Arrays.stream(graph.getLayers())
                .filter(l -> l.conf().getLayer() instanceof BatchNormalization).count();
        int mbConv = arch.activeLayers();
        assertThat(depthwise).isEqualTo(1 + mbConv);
        // stem, first block (depthwise, project), expand/depthwise/project per MBConv, final expand
        assertThat(batchNorms).isEqualTo(1 + 2 + 3L * mbConv + 1);
        graph.close();
    }

    @Test
    void outputIsBatchBy1000Logits() {
        NetworkCostModel model = NetworkCostModel.of(1.2);
        ComputationGraph graph = new OfaGraphBuilder(model, 5).network(uniform(3, 3, 2, 128));
        INDArray out = graph.outputSingle(OfaGraphBuilder.randomInput(new long[] {2, 3, 128, 128}, 9));
        assertThat(out.shape()).containsExactly(2, 1000);
        assertThat(out.isNaN().any()).isFalse();
        graph.close();
    }

    @Test
    void sameSeedGivesIdenticalOutputsAndAnotherSeedDoesNot() {
        NetworkCostModel model = NetworkCostModel.of(1.0);
        Architecture arch = uniform(3, 4, 2, 96);
        INDArray input = OfaGraphBuilder.randomInput(new long[] {1, 3, 96, 96}, 3);
        INDArray first = new OfaGraphBuilder(model, 42).network(arch).outputSingle(input);
        INDArray second = new OfaGraphBuilder(model, 42).network(arch).outputSingle(input);
        INDArray other = new OfaGraphBuilder(model, 43).network(arch).outputSingle(input);
        assertThat(second.toFloatVector()).containsExactly(first.toFloatVector());
        assertThat(other.toFloatVector()).isNotEqualTo(first.toFloatVector());
    }

    @Test
    void aBlockAloneMapsItsInputShapeToItsOutputShape() {
        NetworkCostModel model = NetworkCostModel.of(1.2);
        Architecture arch = SearchSpaces.COMPOFA_FIXED.sample(new SplittableRandom(4)).withResolution(160);
        List<Block> blocks = model.blocks(arch);
        OfaGraphBuilder builder = new OfaGraphBuilder(model, 1);
        // the stem, an MBConv with squeeze-excitation and skip, and the classifier
        int withSe = 2 + arch.depth(0) + 1;
        assertThat(blocks.get(withSe).squeezeExcite()).isTrue();
        assertThat(blocks.get(withSe).identitySkip()).isTrue();
        for (int i : new int[] {0, withSe, blocks.size() - 1}) {
            Block block = blocks.get(i);
            ComputationGraph graph = builder.block(arch, i);
            long[] inputShape = OfaGraphBuilder.inputShape(block.input(), 1);
            INDArray out = graph.outputSingle(OfaGraphBuilder.randomInput(inputShape, 1));
            long[] expected = i == blocks.size() - 1
                    ? new long[] {1, block.output().channels()}
                    : new long[] {1, block.output().channels(), block.output().height(), block.output().width()};
            assertThat(out.shape()).as("block %d", i).containsExactly(expected);
            graph.close();
        }
    }

    @Test
    void rejectsABlockIndexOutsideTheSubnet() {
        Architecture arch = uniform(3, 3, 2, 128);
        OfaGraphBuilder builder = new OfaGraphBuilder(NetworkCostModel.of(1.0), 1);
        assertThatThrownBy(() -> builder.block(arch, 16))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("block 16 is outside 0..15");
    }
}
