package io.latnas.cost;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkCostModelTest {

    private static final NetworkCostModel W10 = NetworkCostModel.of(1.0);
    private static final NetworkCostModel W12 = NetworkCostModel.of(1.2);

    private static Architecture uniform(int k, int e, int d, int r) {
        return Architecture.uniform(k, e, d, r);
    }

    /**
     * MACs of one MBConv block as OFA's profiler counts them: 1x1 expand at the input size, kxk
     * depthwise at the output size, the two squeeze-excitation 1x1 convs on a 1x1 map (seMid 0 when
     * the stage has none), 1x1 project at the output size.
     */
    private static long mbConvMacs(int inSize, int cin, int mid, int k, int outSize, int cout, int seMid) {
        return (long) inSize * inSize * cin * mid
                + (long) outSize * outSize * mid * k * k
                + 2L * mid * seMid
                + (long) outSize * outSize * mid * cout;
    }

    /** Weights of the same block, plus the squeeze-excitation convs' biases. */
    private static long mbConvParameters(int cin, int mid, int k, int cout, int seMid) {
        long se = seMid == 0 ? 0 : (long) mid * seMid + seMid + (long) seMid * mid + mid;
        return (long) cin * mid + (long) mid * k * k + se + (long) mid * cout;
    }

    @Test
    void widthsFollowOfaMakeDivisible() {
        assertThat(NetworkCostModel.makeDivisible(16 * 1.2, 8)).isEqualTo(24);
        assertThat(NetworkCostModel.makeDivisible(112 * 1.2, 8)).isEqualTo(136);
        assertThat(NetworkCostModel.makeDivisible(3, 8)).isEqualTo(8);
        assertThat(new int[] {W10.stemWidth(), W10.stageWidth(0), W10.stageWidth(1), W10.stageWidth(2),
                W10.stageWidth(3), W10.stageWidth(4), W10.finalExpandWidth(), W10.featureMixWidth()})
                .containsExactly(16, 24, 40, 80, 112, 160, 960, 1280);
        assertThat(new int[] {W12.stemWidth(), W12.stageWidth(0), W12.stageWidth(1), W12.stageWidth(2),
                W12.stageWidth(3), W12.stageWidth(4), W12.finalExpandWidth(), W12.featureMixWidth()})
                .containsExactly(24, 32, 48, 96, 136, 192, 1152, 1536);
    }

    @Test
    void squeezeWidthIsMiddleOverFourMadeDivisible() {
        // 72/4 = 18 -> 16, but 16 < 0.9 * 18, so 24; 204 -> 208; 30 -> 32.
        assertThat(NetworkCostModel.squeezeChannels(72)).isEqualTo(24);
        assertThat(NetworkCostModel.squeezeChannels(120)).isEqualTo(32);
        assertThat(NetworkCostModel.squeezeChannels(240)).isEqualTo(64);
        assertThat(NetworkCostModel.squeezeChannels(336)).isEqualTo(88);
        assertThat(NetworkCostModel.squeezeChannels(816)).isEqualTo(208);
        List<Layer> layers = W10.layers(uniform(3, 3, 2, 224));
        Layer reduce = layers.stream().filter(l -> l.name().equals("blocks.3.conv.depth_conv.se.fc.reduce"))
                .findFirst().orElseThrow();
        assertThat(reduce.input()).isEqualTo(new Shape(1, 1, 72));
        assertThat(reduce.output()).isEqualTo(new Shape(1, 1, 24));
        assertThat(reduce.parameters()).isEqualTo(72 * 24 + 24);
    }

    @Test
    void smallestW10SubnetAt128MatchesHandCount() {
        // k3 e3 d2 everywhere. Maps: 128 -> 64 (stem) -> 32, 16, 8, 8, 4.
        long stem = 64 * 64 * 3 * 16 * 9;
        long firstBlock = 64 * 64 * 16 * 9 + 64 * 64 * 16 * 16;
        long stage0 = (64 * 64 * 16 * 48 + 32 * 32 * 48 * 9 + 32 * 32 * 48 * 24)
                + (32 * 32 * 24 * 72 + 32 * 32 * 72 * 9 + 32 * 32 * 72 * 24);
        long stage1 = (32 * 32 * 24 * 72 + 16 * 16 * 72 * 9 + 72 * 24 + 24 * 72 + 16 * 16 * 72 * 40)
                + (16 * 16 * 40 * 120 + 16 * 16 * 120 * 9 + 120 * 32 + 32 * 120 + 16 * 16 * 120 * 40);
        long stage2 = (16 * 16 * 40 * 120 + 8 * 8 * 120 * 9 + 8 * 8 * 120 * 80)
                + (8 * 8 * 80 * 240 + 8 * 8 * 240 * 9 + 8 * 8 * 240 * 80);
        long stage3 = (8 * 8 * 80 * 240 + 8 * 8 * 240 * 9 + 240 * 64 + 64 * 240 + 8 * 8 * 240 * 112)
                + (8 * 8 * 112 * 336 + 8 * 8 * 336 * 9 + 336 * 88 + 88 * 336 + 8 * 8 * 336 * 112);
        long stage4 = (8 * 8 * 112 * 336 + 4 * 4 * 336 * 9 + 336 * 88 + 88 * 336 + 4 * 4 * 336 * 160)
                + (4 * 4 * 160 * 480 + 4 * 4 * 480 * 9 + 480 * 120 + 120 * 480 + 4 * 4 * 480 * 160);
        long head = 4 * 4 * 160 * 960 + 960 * 1280 + 1280 * 1000;
        long macs = stem + firstBlock + stage0 + stage1 + stage2 + stage3 + stage4 + head;

        long parameters = 3 * 16 * 9
                + 16 * 9 + 16 * 16
                + (16 * 48 + 48 * 9 + 48 * 24) + (24 * 72 + 72 * 9 + 72 * 24)
                + (24 * 72 + 72 * 9 + (72 * 24 + 24) + (24 * 72 + 72) + 72 * 40)
                + (40 * 120 + 120 * 9 + (120 * 32 + 32) + (32 * 120 + 120) + 120 * 40)
                + (40 * 120 + 120 * 9 + 120 * 80) + (80 * 240 + 240 * 9 + 240 * 80)
                + (80 * 240 + 240 * 9 + (240 * 64 + 64) + (64 * 240 + 240) + 240 * 112)
                + (112 * 336 + 336 * 9 + (336 * 88 + 88) + (88 * 336 + 336) + 336 * 112)
                + (112 * 336 + 336 * 9 + (336 * 88 + 88) + (88 * 336 + 336) + 336 * 160)
                + (160 * 480 + 480 * 9 + (480 * 120 + 120) + (120 * 480 + 480) + 480 * 160)
                + 160 * 960 + 960 * 1280 + (1280 * 1000 + 1000);

        NetworkCost cost = W10.cost(uniform(3, 3, 2, 128));
        assertThat(cost.macs()).isEqualTo(macs).isEqualTo(41_476_224L);
        assertThat(cost.parameters()).isEqualTo(parameters);
    }

    @Test
    void largestW12SubnetAt224MatchesHandCount() {
        // k7 e6 d4 everywhere. Maps: 224 -> 112 -> 56, 28, 14, 14, 7. Widths 24 | 32 48 96 136 192 | 1152 1536.
        long macs = 112L * 112 * 3 * 24 * 9
                + 112L * 112 * 24 * 9 + 112L * 112 * 24 * 24
                + mbConvMacs(112, 24, 144, 7, 56, 32, 0) + 3 * mbConvMacs(56, 32, 192, 7, 56, 32, 0)
                + mbConvMacs(56, 32, 192, 7, 28, 48, 48) + 3 * mbConvMacs(28, 48, 288, 7, 28, 48, 72)
                + mbConvMacs(28, 48, 288, 7, 14, 96, 0) + 3 * mbConvMacs(14, 96, 576, 7, 14, 96, 0)
                + mbConvMacs(14, 96, 576, 7, 14, 136, 144) + 3 * mbConvMacs(14, 136, 816, 7, 14, 136, 208)
                + mbConvMacs(14, 136, 816, 7, 7, 192, 208) + 3 * mbConvMacs(7, 192, 1152, 7, 7, 192, 288)
                + 7L * 7 * 192 * 1152 + 1152L * 1536 + 1536L * 1000;
        long parameters = 3 * 24 * 9 + 24 * 9 + 24 * 24
                + mbConvParameters(24, 144, 7, 32, 0) + 3 * mbConvParameters(32, 192, 7, 32, 0)
                + mbConvParameters(32, 192, 7, 48, 48) + 3 * mbConvParameters(48, 288, 7, 48, 72)
                + mbConvParameters(48, 288, 7, 96, 0) + 3 * mbConvParameters(96, 576, 7, 96, 0)
                + mbConvParameters(96, 576, 7, 136, 144) + 3 * mbConvParameters(136, 816, 7, 136, 208)
                + mbConvParameters(136, 816, 7, 192, 208) + 3 * mbConvParameters(192, 1152, 7, 192, 288)
                + 192 * 1152 + 1152 * 1536 + (1536 * 1000 + 1000);

        NetworkCost cost = W12.cost(uniform(7, 6, 4, 224));
        assertThat(cost.macs()).isEqualTo(macs).isEqualTo(843_101_040L);
        assertThat(cost.parameters()).isEqualTo(parameters);
    }

    @Test
    void largestW10SubnetAt224MatchesHandCount() {
        // k7 e6 d4 everywhere. Maps: 224 -> 112 -> 56, 28, 14, 14, 7. Widths 16 | 24 40 80 112 160 | 960 1280.
        long macs = 112L * 112 * 3 * 16 * 9
                + 112L * 112 * 16 * 9 + 112L * 112 * 16 * 16
                + mbConvMacs(112, 16, 96, 7, 56, 24, 0) + 3 * mbConvMacs(56, 24, 144, 7, 56, 24, 0)
                + mbConvMacs(56, 24, 144, 7, 28, 40, 40) + 3 * mbConvMacs(28, 40, 240, 7, 28, 40, 64)
                + mbConvMacs(28, 40, 240, 7, 14, 80, 0) + 3 * mbConvMacs(14, 80, 480, 7, 14, 80, 0)
                + mbConvMacs(14, 80, 480, 7, 14, 112, 120) + 3 * mbConvMacs(14, 112, 672, 7, 14, 112, 168)
                + mbConvMacs(14, 112, 672, 7, 7, 160, 168) + 3 * mbConvMacs(7, 160, 960, 7, 7, 160, 240)
                + 7L * 7 * 160 * 960 + 960L * 1280 + 1280L * 1000;
        assertThat(W10.macs(uniform(7, 6, 4, 224))).isEqualTo(macs).isEqualTo(566_170_656L);
    }

    @Test
    void mixedW10SubnetAtOddResolutionMatchesHandCount() {
        // d = 2,3,4,2,3 at r=132: maps 66 -> 33, 17, 9, 9, 5.
        int[] ks = {5, 3, 0, 0, 7, 3, 5, 0, 3, 3, 3, 7, 5, 7, 0, 0, 3, 5, 7, 0};
        int[] e = {4, 6, 0, 0, 3, 4, 6, 0, 6, 3, 4, 3, 4, 6, 0, 0, 6, 3, 4, 0};
        Architecture arch = SearchSpaces.OFA_W10.architecture(ks, e, new int[] {2, 3, 4, 2, 3}, 132);
        long macs = 66L * 66 * 3 * 16 * 9
                + 66L * 66 * 16 * 9 + 66L * 66 * 16 * 16
                // stage 0: e4 from 16 -> mid 64, then e6 from 24 -> 144; no SE
                + mbConvMacs(66, 16, 64, 5, 33, 24, 0) + mbConvMacs(33, 24, 144, 3, 33, 24, 0)
                // stage 1 with SE: mids 72, 160, 240; squeeze 24, 40, 64
                + mbConvMacs(33, 24, 72, 7, 17, 40, 24) + mbConvMacs(17, 40, 160, 3, 17, 40, 40)
                + mbConvMacs(17, 40, 240, 5, 17, 40, 64)
                // stage 2: mids 240, 240, 320, 240
                + mbConvMacs(17, 40, 240, 3, 9, 80, 0) + mbConvMacs(9, 80, 240, 3, 9, 80, 0)
                + mbConvMacs(9, 80, 320, 3, 9, 80, 0) + mbConvMacs(9, 80, 240, 7, 9, 80, 0)
                // stage 3 with SE, stride 1: mids 320 (from 80), 672; squeeze 80, 168
                + mbConvMacs(9, 80, 320, 5, 9, 112, 80) + mbConvMacs(9, 112, 672, 7, 9, 112, 168)
                // stage 4 with SE: mids 672, 480, 640; squeeze 168, 120, 160
                + mbConvMacs(9, 112, 672, 3, 5, 160, 168) + mbConvMacs(5, 160, 480, 5, 5, 160, 120)
                + mbConvMacs(5, 160, 640, 7, 5, 160, 160)
                + 5L * 5 * 160 * 960 + 960L * 1280 + 1280L * 1000;
        assertThat(W10.macs(arch)).isEqualTo(macs);
    }

    @Test
    void smallestW12SubnetAt160MatchesHandCount() {
        // k3 e3 d2 at r=160: maps 80 -> 40, 20, 10, 10, 5.
        long macs = 80L * 80 * 3 * 24 * 9
                + 80L * 80 * 24 * 9 + 80L * 80 * 24 * 24
                + mbConvMacs(80, 24, 72, 3, 40, 32, 0) + mbConvMacs(40, 32, 96, 3, 40, 32, 0)
                + mbConvMacs(40, 32, 96, 3, 20, 48, 24) + mbConvMacs(20, 48, 144, 3, 20, 48, 40)
                + mbConvMacs(20, 48, 144, 3, 10, 96, 0) + mbConvMacs(10, 96, 288, 3, 10, 96, 0)
                + mbConvMacs(10, 96, 288, 3, 10, 136, 72) + mbConvMacs(10, 136, 408, 3, 10, 136, 104)
                + mbConvMacs(10, 136, 408, 3, 5, 192, 104) + mbConvMacs(5, 192, 576, 3, 5, 192, 144)
                + 5L * 5 * 192 * 1152 + 1152L * 1536 + 1536L * 1000;
        assertThat(W12.macs(uniform(3, 3, 2, 160))).isEqualTo(macs);
    }

    @Test
    void oddResolutionsRoundUpAtEveryStride() {
        List<Block> blocks = W10.blocks(uniform(3, 3, 2, 132));
        List<Integer> stageOutputs = new ArrayList<>();
        stageOutputs.add(blocks.get(0).output().height());
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            stageOutputs.add(blocks.get(2 + 2 * stage + 1).output().height());
        }
        assertThat(stageOutputs).containsExactly(66, 33, 17, 9, 9, 5);
        assertThat(NetworkCostModel.outputSize(225, 2)).isEqualTo(113);
        assertThat(NetworkCostModel.outputSize(7, 1)).isEqualTo(7);
    }

    @Test
    void identitySkipOnlyWhereStrideIsOneAndWidthsMatch() {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        Arrays.fill(ks, 5);
        Arrays.fill(e, 4);
        Architecture arch = SearchSpaces.OFA_W10.architecture(ks, e, new int[] {2, 3, 4, 2, 3}, 176);
        List<Layer> layers = W10.layers(arch);
        long adds = layers.stream().filter(l -> l.kind() == LayerKind.ADD).count();
        // first block, plus every layer but the first of each stage (stage 3's first has stride 1 but 80 -> 112)
        assertThat(adds).isEqualTo(1 + (2 - 1) + (3 - 1) + (4 - 1) + (2 - 1) + (3 - 1));
        List<Block> blocks = W10.blocks(arch);
        assertThat(blocks.get(1).identitySkip()).isTrue();
        Block stage3First = blocks.get(2 + 2 + 3 + 4);
        assertThat(stage3First.stride()).isEqualTo(1);
        assertThat(stage3First.input().channels()).isEqualTo(80);
        assertThat(stage3First.identitySkip()).isFalse();
        assertThat(blocks.get(2 + 2 + 3 + 4 + 1).identitySkip()).isTrue();
    }

    @Test
    void squeezeExcitationAndHardSwishByStage() {
        List<Block> blocks = W12.blocks(uniform(3, 3, 2, 224));
        List<Block> mbConvs = blocks.subList(2, 12);
        for (int i = 0; i < mbConvs.size(); i++) {
            int stage = i / 2;
            assertThat(mbConvs.get(i).squeezeExcite()).as("SE in stage %d", stage).isEqualTo(stage == 1 || stage >= 3);
            assertThat(mbConvs.get(i).hardSwish()).as("h-swish in stage %d", stage).isEqualTo(stage >= 2);
        }
        assertThat(blocks.get(1).squeezeExcite()).isFalse();
        assertThat(blocks.get(1).middleChannels()).isEqualTo(24);
    }

    @Test
    void firstBlockHasNoExpandConv() {
        List<Layer> layers = W10.layers(uniform(3, 3, 2, 224));
        List<Layer> firstBlock = layers.stream().filter(l -> l.block() == 1).toList();
        assertThat(firstBlock).extracting(Layer::name).containsExactly(
                "blocks.0.conv.depth_conv", "blocks.0.conv.point_linear", "blocks.0.shortcut");
        assertThat(firstBlock.get(0).groups()).isEqualTo(16);
        assertThat(firstBlock.get(0).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void headIsFinalExpandPoolFeatureMixAndClassifier() {
        List<Layer> layers = W12.layers(uniform(3, 3, 2, 224));
        List<Layer> head = layers.subList(layers.size() - 4, layers.size());
        assertThat(head).extracting(Layer::name)
                .containsExactly("final_expand_layer", "global_avg_pool", "feature_mix_layer", "classifier");
        assertThat(head.get(0).output()).isEqualTo(new Shape(7, 7, 1152));
        assertThat(head.get(2).parameters()).isEqualTo(1152 * 1536);
        assertThat(head.get(2).activation()).isEqualTo(Activation.H_SWISH);
        assertThat(head.get(3).parameters()).isEqualTo(1536 * 1000 + 1000);
        assertThat(W12.blocks(uniform(3, 3, 2, 224)).subList(12, 16)).extracting(Block::kind).containsExactly(
                BlockKind.FINAL_EXPAND, BlockKind.POOL, BlockKind.FEATURE_MIX, BlockKind.CLASSIFIER);
    }

    @Test
    void bytesCountActivationsPerImageAndWeightsOnce() {
        Layer stem = W10.layers(uniform(3, 3, 2, 128)).get(0);
        assertThat(stem.inputElements()).isEqualTo(128 * 128 * 3);
        assertThat(stem.outputElements()).isEqualTo(64 * 64 * 16);
        assertThat(stem.weightElements()).isEqualTo(3 * 16 * 9);
        assertThat(stem.bytes(8)).isEqualTo(4L * (8 * (128 * 128 * 3 + 64 * 64 * 16) + 3 * 16 * 9));

        NetworkCost cost = W10.cost(uniform(3, 3, 2, 128));
        assertThat(cost.bytes(1)).isEqualTo(4 * (cost.activationElements() + cost.parameters()));
        assertThat(cost.bytes(64) - cost.bytes(32)).isEqualTo(4L * 32 * cost.activationElements());
    }

    @Test
    void totalsAreTheSumOfTheLayers() {
        SplittableRandom rng = new SplittableRandom(7);
        for (SearchSpace space : List.of(SearchSpaces.OFA_W10, SearchSpaces.OFA_W12)) {
            NetworkCostModel model = NetworkCostModel.of(space);
            for (int i = 0; i < 50; i++) {
                Architecture arch = space.sample(rng);
                List<Layer> layers = model.layers(arch);
                NetworkCost cost = model.cost(arch);
                assertThat(cost.macs()).isEqualTo(layers.stream().mapToLong(Layer::macs).sum())
                        .isEqualTo(model.macs(arch));
                assertThat(cost.parameters()).isEqualTo(layers.stream().mapToLong(Layer::parameters).sum())
                        .isEqualTo(model.parameters(arch));
                assertThat(cost.activationElements())
                        .isEqualTo(layers.stream().mapToLong(l -> l.inputElements() + l.outputElements()).sum());
                assertThat(new HashSet<>(layers.stream().map(Layer::name).toList())).hasSize(layers.size());
            }
        }
    }

    @Test
    void blocksChainAndMatchTheirLayers() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 30; i++) {
            Architecture arch = SearchSpaces.OFA_W12.sample(rng);
            List<Block> blocks = W12.blocks(arch);
            List<Layer> layers = W12.layers(arch);
            assertThat(blocks).hasSize(6 + arch.activeLayers());
            for (int b = 0; b < blocks.size(); b++) {
                int index = b;
                List<Layer> inBlock = layers.stream().filter(l -> l.block() == index).toList();
                assertThat(inBlock).as("layers of block %d", b).isNotEmpty();
                assertThat(inBlock.get(0).input()).isEqualTo(blocks.get(b).input());
                assertThat(inBlock.get(inBlock.size() - 1).output()).isEqualTo(blocks.get(b).output());
                if (b > 0) {
                    assertThat(blocks.get(b).input()).isEqualTo(blocks.get(b - 1).output());
                }
            }
        }
    }

    @Test
    void slotBlocksAgreeWithWholeNetworkBlocks() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 30; i++) {
            Architecture arch = SearchSpaces.OFA_W12.sample(rng);
            List<Block> blocks = W12.blocks(arch);
            List<Block> expected = new ArrayList<>(W12.fixedBlocks(arch.resolution()).subList(0, 2));
            for (int stage = 0; stage < Architecture.STAGES; stage++) {
                for (int p = 0; p < arch.depth(stage); p++) {
                    int layer = stage * Architecture.MAX_DEPTH + p;
                    expected.add(W12.mbConvBlock(arch.resolution(), stage, p, arch.kernelSize(layer),
                            arch.expandRatio(layer)));
                }
            }
            expected.addAll(W12.fixedBlocks(arch.resolution()).subList(2, 6));
            assertThat(blocks).isEqualTo(expected);
        }
    }

    @Test
    void deeperWiderAndLargerNeverCostFewerMacs() {
        SplittableRandom rng = new SplittableRandom(42);
        SearchSpace space = SearchSpaces.OFA_W10;
        for (int i = 0; i < 200; i++) {
            Architecture arch = space.sample(rng);
            long macs = W10.macs(arch);
            int[] ks = arch.kernelSizes();
            int[] e = arch.expandRatios();
            int[] d = arch.depths();
            int stage = rng.nextInt(Architecture.STAGES);
            if (d[stage] < 4) {
                int[] deeper = d.clone();
                deeper[stage]++;
                int slot = stage * Architecture.MAX_DEPTH + d[stage];
                int[] ks2 = ks.clone();
                int[] e2 = e.clone();
                ks2[slot] = 3;
                e2[slot] = 3;
                assertThat(W10.macs(Architecture.of(ks2, e2, deeper, arch.resolution()))).isGreaterThan(macs);
            }
            int slot = stage * Architecture.MAX_DEPTH + rng.nextInt(d[stage]);
            if (ks[slot] < 7) {
                int[] larger = ks.clone();
                larger[slot] += 2;
                assertThat(W10.macs(Architecture.of(larger, e, d, arch.resolution()))).isGreaterThan(macs);
            }
            if (e[slot] < 6) {
                int[] wider = e.clone();
                wider[slot] = e[slot] == 3 ? 4 : 6;
                assertThat(W10.macs(Architecture.of(ks, wider, d, arch.resolution()))).isGreaterThan(macs);
            }
            if (arch.resolution() < 224) {
                assertThat(W10.macs(arch.withResolution(arch.resolution() + 4))).isGreaterThan(macs);
            }
            assertThat(W12.macs(arch)).isGreaterThan(macs);
        }
    }

    @Test
    void rejectsNonPositiveWidth() {
        assertThatThrownBy(() -> NetworkCostModel.of(0.0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("width multiplier 0.0");
        assertThat(NetworkCostModel.of(SearchSpaces.COMPOFA_FIXED)).isSameAs(W12);
    }
}
