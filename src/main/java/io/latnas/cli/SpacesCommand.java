package io.latnas.cli;

import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

import java.util.concurrent.Callable;

/** {@code latnas spaces}: the search spaces and their sizes. */
@Command(name = "spaces", mixinStandardHelpOptions = true, description = "List the search spaces.")
final class SpacesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %5s %9s  %s%n", "id", "width", "subnets", "description");
        for (SearchSpace s : SearchSpaces.all()) {
            out.printf("%-16s %5.1f %9s  %s%n", s.id(), s.widthMultiplier(),
                    String.format("%.2e", s.cardinality().doubleValue()), s.description());
        }
        return 0;
    }
}
