package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.latency.LookupTable;
import io.latnas.latency.LookupTableDevice;
import io.latnas.measure.BuildReport;
import io.latnas.measure.DatasetTime;
import io.latnas.measure.LocalMeter;
import io.latnas.measure.LookupTableBuilder;
import io.latnas.measure.LookupTableCheck;
import io.latnas.measure.LookupTablePlan;
import io.latnas.measure.TimeOverhead;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latnas lut}: build OFA-format lookup tables on this machine and check them against whole networks. */
@Command(name = "lut", mixinStandardHelpOptions = true, description = "Build and check OFA-format lookup tables on this machine.",
        subcommands = {LutCommand.Build.class, LutCommand.Check.class})
final class LutCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Measure every block a space can produce at some resolutions and write OFA-format YAML tables.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", required = true, description = "Search space id.")
        String space;

        @Option(names = "--resolutions", required = true, split = ",", description = "Resolutions, e.g. 160,176,192.")
        int[] resolutions;

        @Option(names = "--sample-per-resolution",
                description = "Measure only this many keys per resolution and extrapolate the full table's time (the table then answers only for subnets made of those blocks).")
        Integer samplePerResolution;

        @Option(names = "--subnets",
                description = "Measure only the blocks of this many seeded subnets at --resolutions: the same subnets 'lut check --count N --seed S' draws, so the table answers for them.")
        Integer subnets;

        @Option(names = "--compare-dataset", description = "Also measure a sample of whole subnets and report the table's time beside a dataset of this many subnets (paper Fig. 6).")
        Integer datasetSize;

        @Option(names = "--dataset-sample", defaultValue = "20", description = "Subnets measured for --compare-dataset (default ${DEFAULT-VALUE}).")
        int datasetSample;

        @Option(names = "--seed", defaultValue = "0", description = "Seed for sampled keys and subnets (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, description = "Folder for the <r>_lookup_table.yaml files; must not exist yet.")
        Path out;

        @Mixin
        MeterOptions meterOptions;

        @Override
        public Integer call() {
            SearchSpace s = SearchSpaces.byId(space);
            CliFiles.refuseExisting("--out", out);
            LookupTablePlan plan = subnets == null ? LookupTablePlan.of(s, resolutions)
                    : LookupTablePlan.forArchitectures(s, MeasureCommand.draw(s.restrictedToResolutions(resolutions),
                    CliChecks.positive("--subnets", subnets), seed));
            if (samplePerResolution != null) {
                plan = plan.sample(CliChecks.positive("--sample-per-resolution", samplePerResolution), seed);
            }
            LocalMeter meter = meterOptions.create(LatnasSettings.load(), s);
            PrintWriter o = spec.commandLine().getOut();
            BuildReport report;
            int keys = plan.entries().size();
            try (Progress progress = new Progress(spec.commandLine().getErr(), "lut build", keys)) {
                report = LookupTableBuilder.build(plan, meter, out, (done, total, m) -> progress.advance(1));
            }
            o.println(report.summary());
            o.printf("tables written to %s%n", out);
            if (datasetSize != null) {
                DatasetTime dataset;
                try (Progress progress = new Progress(spec.commandLine().getErr(), "dataset sample", datasetSample)) {
                    dataset = DatasetTime.measure(s, resolutions, meter, CliChecks.positive("--dataset-sample", datasetSample),
                            CliChecks.positive("--compare-dataset", datasetSize), seed, (done, total, m) -> progress.advance(1));
                }
                o.println(new TimeOverhead(report, dataset).summary());
            }
            o.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Lookup-table sum vs measured whole-network latency for a sample: how far OFA's additive assumption is off here.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", required = true, description = "Search space id.")
        String space;

        @Option(names = "--table", required = true, description = "Folder of OFA-format tables (e.g. from 'latnas lut build').")
        Path table;

        @Option(names = "--count", defaultValue = "20", description = "Subnets to check (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seed", defaultValue = "0", description = "Which subnets (default ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        MeterOptions meterOptions;

        @Override
        public Integer call() {
            SearchSpace s = SearchSpaces.byId(space);
            LookupTable lut = LookupTable.open(table);
            LocalMeter meter = meterOptions.create(LatnasSettings.load(), s);
            LookupTableDevice device = new LookupTableDevice(meter.hardwareId(), lut, s.widthMultiplier());
            SearchSpace sampled = s.restrictedToResolutions(device.resolutions());
            var archs = MeasureCommand.draw(sampled, CliChecks.positive("--count", count), seed);
            LookupTableCheck check;
            try (Progress progress = new Progress(spec.commandLine().getErr(), "lut check", archs.size())) {
                check = LookupTableCheck.run(device, meter, archs, (done, total, m) -> progress.advance(1));
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println(check.summary());
            o.flush();
            return 0;
        }
    }
}
