package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Entry point of the {@code latnas} command. */
@Command(name = "latnas", mixinStandardHelpOptions = true, versionProvider = LatnasCli.Version.class,
        description = "LatencyNAS: learned latency predictors and hardware-aware Once-For-All search.",
        subcommands = {
                QuickstartCommand.class,
                SpacesCommand.class,
                HardwareCommand.class,
                ArchCommand.class,
                DatasetCommand.class,
                MeasureCommand.class,
                LutCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                FinetuneCommand.class,
                PredictCommand.class,
                TuneCommand.class,
                ExperimentCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class
        })
public final class LatnasCli implements Runnable {

    /** Exit code for input a user can fix (bad flag, bad file, unknown id). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a failure that is not the input's fault. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, printing errors as one line. */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new LatnasCli());
        cli.setExecutionExceptionHandler(LatnasCli::handle);
        cli.setParameterExceptionHandler(LatnasCli::handleParameter);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleParameter(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("latnas: " + ex.getMessage());
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return EXIT_BAD_INPUT;
    }

    private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (cause instanceof InvalidInputException) {
            err.println("latnas: " + cause.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (cause instanceof NoSuchFileException nsf) {
            err.println("latnas: no such file: " + nsf.getFile());
            return EXIT_BAD_INPUT;
        }
        if (cause instanceof IOException io) {
            err.println("latnas: " + io.getClass().getSimpleName() + ": " + io.getMessage());
            return EXIT_FAILURE;
        }
        err.println("latnas: unexpected " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        if (System.getenv("LATNAS_DEBUG") != null) {
            cause.printStackTrace(err);
        } else {
            err.println("(set LATNAS_DEBUG=1 for the stack trace)");
        }
        return EXIT_FAILURE;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LatnasCli.class.getPackage().getImplementationVersion();
            return new String[] {"latnas " + (v == null ? "dev" : v)};
        }
    }
}
