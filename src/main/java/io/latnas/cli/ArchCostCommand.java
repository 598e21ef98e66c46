package io.latnas.cli;

import io.latnas.cost.Layer;
import io.latnas.cost.NetworkCost;
import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latnas arch cost}: MACs, parameters and bytes of architectures under the network cost model. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "MACs, parameters and bytes moved of architectures (OFA JSON lines or a ks,e,d,r CSV).")
final class ArchCostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", required = true, description = "Search space id; its width multiplier sizes the network.")
    String space;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size for bytes moved (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--layers", description = "Also print every layer of each architecture.")
    boolean layers;

    @Parameters(index = "0", defaultValue = "-", description = "File of architectures, or - for standard input.")
    String input;

    @Override
    public Integer call() {
        SearchSpace s = SearchSpaces.byId(space);
        CliChecks.positive("--batch", batch);
        NetworkCostModel model = NetworkCostModel.of(s);
        List<Architecture> archs = ArchitectureInput.readAll(input, s);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-4s %5s %7s %10s %10s %12s%n", "#", "r", "layers", "MMACs", "Mparams", "MB@batch" + batch);
        for (int i = 0; i < archs.size(); i++) {
            Architecture a = archs.get(i);
            NetworkCost c = model.cost(a);
            out.printf("%-4d %5d %7d %10.2f %10.3f %12.2f%n", i + 1, a.resolution(), a.activeLayers(), c.macs() / 1e6,
                    c.parameters() / 1e6, c.bytes(batch) / 1e6);
            if (layers) {
                printLayers(out, model.layers(a));
            }
        }
        out.flush();
        return 0;
    }

    private void printLayers(PrintWriter out, List<Layer> list) {
        out.printf("     %-44s %-14s %-14s %-14s %3s %3s %10s %9s%n", "layer", "kind", "input", "output", "k", "s",
                "MACs", "params");
        for (Layer l : list) {
            out.printf("     %-44s %-14s %-14s %-14s %3d %3d %10d %9d%n", l.name(), l.kind(), l.input(), l.output(),
                    l.kernelSize(), l.stride(), l.macs(), l.parameters());
        }
    }
}
