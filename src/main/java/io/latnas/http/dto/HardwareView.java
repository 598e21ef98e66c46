package io.latnas.http.dto;

import io.latnas.hardware.HardwareProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code GET /v1/hardware}: a catalog profile without the server's file paths.
 *
 * @param sources the latency sources the catalog can open for it ({@code simulated} always)
 */
public record HardwareView(String id, String name, String kind, String vendor, String architecture, int year,
                           int cores, int smCount, double memoryGb, String memoryType, double bandwidthGbps,
                           double peakFp32Gflops, double clockMhz, double cacheMb, String defaultSource,
                           List<String> sources, String specsFrom) {

    public static HardwareView of(HardwareProfile p) {
        List<String> sources = new ArrayList<>(List.of(HardwareProfile.SIMULATED));
        p.lookupTable().ifPresent(t -> sources.add(HardwareProfile.LOOKUP_TABLE));
        p.replay().ifPresent(r -> sources.add(HardwareProfile.REPLAY));
        return new HardwareView(p.id(), p.name(), p.kind().id(), p.vendor(), p.architecture(), p.year(), p.cores(),
                p.smCount(), p.memoryGb(), p.memoryType(), p.bandwidthGbps(), p.peakFp32Gflops(), p.clockMhz(),
                p.cacheMb(), p.defaultSource(), List.copyOf(sources), p.source());
    }
}
