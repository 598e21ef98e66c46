package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.hardware.HardwareKind;
import io.latnas.hardware.HardwareProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latnas hardware}: the hardware catalog of {@code conf/hardware.conf}. */
@Command(name = "hardware", mixinStandardHelpOptions = true, description = "The hardware catalog.",
        subcommands = {HardwareCommand.ListProfiles.class, HardwareCommand.Show.class})
final class HardwareCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List hardware profiles.")
    static final class ListProfiles implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--kind", description = "Only this kind: cpu, gpu or mobile.")
        String kind;

        @Override
        public Integer call() {
            LatnasSettings settings = LatnasSettings.load();
            List<HardwareProfile> profiles = kind == null ? settings.hardware().all()
                    : settings.hardware().ofKind(HardwareKind.parse(kind));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-18s %-6s %-34s %6s %7s %8s %8s  %s%n", "id", "kind", "name", "cores", "mem GB", "GB/s",
                    "TFLOPS", "default source");
            for (HardwareProfile p : profiles) {
                out.printf("%-18s %-6s %-34s %6d %7.0f %8.0f %8.1f  %s%n", p.id(), p.kind().id(), p.name(), p.cores(),
                        p.memoryGb(), p.bandwidthGbps(), p.peakFp32Gflops() / 1000, p.defaultSource());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Every field of one profile.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Hardware id (see 'latnas hardware list').")
        String id;

        @Override
        public Integer call() {
            HardwareProfile p = LatnasSettings.load().hardware().byId(id);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("id              %s%nname            %s%nkind            %s%nvendor          %s%n", p.id(), p.name(),
                    p.kind().id(), p.vendor());
            out.printf("architecture    %s (%d)%ncores           %d%n", p.architecture(), p.year(), p.cores());
            if (p.isGpu()) {
                out.printf("SMs             %d%n", p.smCount());
            }
            out.printf("memory          %.1f GB %s%nbandwidth       %.1f GB/s%npeak FP32       %.0f GFLOPS%n",
                    p.memoryGb(), p.memoryType(), p.bandwidthGbps(), p.peakFp32Gflops());
            out.printf("clock           %.0f MHz%ncache           %.1f MB%ndefault source  %s%n", p.clockMhz(),
                    p.cacheMb(), p.defaultSource());
            p.lookupTable().ifPresent(t -> out.printf("lookup table    %s (width %.1f)%n", t.dir(), t.widthMultiplier()));
            p.replay().ifPresent(r -> out.printf("replay          %s (columns %s_<batch>_ms)%n", r.file(), r.columnPrefix()));
            out.printf("specs from      %s%n", p.source());
            out.flush();
            return 0;
        }
    }
}
