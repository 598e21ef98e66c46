package io.latnas.http.dto;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One entry of {@code GET /v1/spaces}: the values an architecture of the space may take.
 *
 * @param coupling          {@code none} (OFA) or {@code compound} (CompOFA: a stage's expand ratio follows its depth)
 * @param fixedStageKernels the kernel size pinned to each stage, or null when kernels are free
 * @param subnets           how many architectures the space holds, as a decimal string (it exceeds a long)
 */
public record SpaceView(String id, String description, double widthMultiplier, List<Integer> kernelSizes,
                        List<Integer> expandRatios, List<Integer> depths, List<Integer> resolutions, String coupling,
                        List<Integer> fixedStageKernels, String subnets) {

    public static SpaceView of(SearchSpace s) {
        List<Integer> fixed = null;
        if (s.hasFixedKernels()) {
            fixed = IntStream.range(0, Architecture.STAGES).map(s::fixedKernel).boxed().toList();
        }
        return new SpaceView(s.id(), s.description(), s.widthMultiplier(), boxed(s.kernelSizes()),
                boxed(s.expandRatios()), boxed(s.depths()), boxed(s.resolutions()),
                s.coupling().name().toLowerCase(Locale.ROOT), fixed, s.cardinality().toString());
    }

    private static List<Integer> boxed(int[] values) {
        return IntStream.of(values).boxed().toList();
    }
}
