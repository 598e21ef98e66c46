package io.latnas.cli;

import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code latnas arch}: sample, validate and cost architectures. */
@Command(name = "arch", mixinStandardHelpOptions = true, description = "Sample, validate and cost architectures.",
        subcommands = {ArchCommand.Sample.class, ArchCommand.Validate.class, ArchCostCommand.class})
final class ArchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Print random architectures of a space, one OFA JSON object a line.")
    static final class Sample implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", required = true, description = "Search space id (see 'latnas spaces').")
        String space;

        @Option(names = "--count", defaultValue = "1", description = "How many (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--format", defaultValue = "json", description = "json or csv (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            SearchSpace s = SearchSpaces.byId(space);
            CliChecks.positive("--count", count);
            boolean csv = CliChecks.oneOf("--format", format, "json", "csv").equals("csv");
            PrintWriter out = spec.commandLine().getOut();
            SplittableRandom rng = new SplittableRandom(seed);
            if (csv) {
                out.println("ks,e,d,r");
            }
            for (int i = 0; i < count; i++) {
                Architecture a = s.sample(rng);
                out.println(csv ? String.join(",", ArchitectureCodec.toCsvFields(a)) : ArchitectureCodec.toJson(a));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check architectures (OFA JSON lines or a CSV with ks,e,d,r) against a space.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", required = true, description = "Search space id.")
        String space;

        @Parameters(index = "0", defaultValue = "-", description = "File to check, or - for standard input.")
        String input;

        @Override
        public Integer call() {
            SearchSpace s = SearchSpaces.byId(space);
            List<ArchitectureInput.Entry> entries = ArchitectureInput.read(input, s);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long bad = 0;
            for (ArchitectureInput.Entry e : entries) {
                if (!e.ok()) {
                    bad++;
                    err.println(ArchitectureInput.displayName(input) + " line " + e.line() + ": " + e.error());
                }
            }
            out.printf("%d of %d architectures valid in space %s%n", entries.size() - bad, entries.size(), s.id());
            out.flush();
            err.flush();
            return bad == 0 ? 0 : LatnasCli.EXIT_BAD_INPUT;
        }
    }
}
