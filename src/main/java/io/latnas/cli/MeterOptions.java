package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.measure.LocalMeter;
import io.latnas.measure.MeterSettings;
import io.latnas.space.SearchSpace;
import picocli.CommandLine.Option;

/** Flags of the local DL4J meter shared by {@code measure} and {@code lut}; unset flags keep {@code latnas.measure}. */
final class MeterOptions {

    @Option(names = "--threads", description = "Intra-op threads (default: latnas.measure.threads; start with OMP_NUM_THREADS equal to it).")
    Integer threads;

    @Option(names = "--warmup", description = "Untimed passes before timing (default: latnas.measure.warmup-runs).")
    Integer warmup;

    @Option(names = "--runs", description = "Timed passes; the latency is their median (default: latnas.measure.timed-runs).")
    Integer runs;

    @Option(names = "--hardware-id", description = "Id the measurements are filed under (default: latnas.measure.hardware-id).")
    String hardwareId;

    LocalMeter create(LatnasSettings settings, SearchSpace space) {
        MeterSettings base = MeterSettings.fromConfig(settings.config(), space.widthMultiplier());
        MeterSettings s = new MeterSettings(hardwareId != null ? hardwareId : base.hardwareId(), base.widthMultiplier(),
                threads != null ? threads : base.threads(), warmup != null ? warmup : base.warmupRuns(),
                runs != null ? runs : base.timedRuns(), base.seed(), base.cachedNetworks());
        return LocalMeter.create(s);
    }
}
