package io.latnas.experiment;

import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.search.SearchSettings;
import io.latnas.space.ArchitectureCodec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the NAS experiment found: one {@link NasCell} per (space, strategy, constraint) in run order,
 * the time of one estimate per (space, strategy), and the predictor each space used. Renders itself
 * as Markdown and CSV; accuracies are always labelled as the surrogate's.
 */
public record NasReport(String hardwareId, NasExperimentSettings settings, SearchSettings searchSettings,
                        List<NasCell> cells, List<EstimateTiming> timings, List<PredictorSummary> predictors) {

    public NasReport {
        Objects.requireNonNull(hardwareId, "hardwareId");
        cells = List.copyOf(cells);
        timings = List.copyOf(timings);
        predictors = List.copyOf(predictors);
    }

    /** The cell of one search, if it ran. */
    public Optional<NasCell> cell(String spaceId, NasStrategy strategy, double constraintMs) {
        return cells.stream()
                .filter(c -> c.spaceId().equals(spaceId) && c.strategy() == strategy && c.constraintMs() == constraintMs)
                .findFirst();
    }

    /** The spaces in run order. */
    public Set<String> spaceIds() {
        Set<String> ids = new LinkedHashSet<>();
        cells.forEach(c -> ids.add(c.spaceId()));
        return ids;
    }

    /** The strategies in run order. */
    public Set<NasStrategy> strategies() {
        Set<NasStrategy> strategies = new LinkedHashSet<>();
        cells.forEach(c -> strategies.add(c.strategy()));
        return strategies;
    }

    /** Total search time of a strategy on a space, in seconds. */
    public double searchSeconds(String spaceId, NasStrategy strategy) {
        return cells.stream().filter(c -> c.spaceId().equals(spaceId) && c.strategy() == strategy)
                .mapToDouble(c -> c.searchTime().toNanos() / 1e9).sum();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "OFA evolutionary search on %s: population %d, %d generations, batch %d, "
                        + "seed %d. Accuracy is the %s SURROGATE's estimate of ImageNet top-1, not a measured accuracy.%n%n",
                hardwareId, searchSettings.population(), searchSettings.generations(), NasExperiment.BATCH,
                settings.seed(), SurrogateAccuracy.ID));
        md.append("| space | strategy | constraint ms | status | surrogate top-1 % | predicted ms | reference ms "
                + "| reference within | search s | latency evaluations | memo hit rate |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (NasCell c : cells) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %,d | %s |%n",
                    c.spaceId(), c.strategy().id(), number(c.constraintMs(), 1), c.status(),
                    number(c.surrogateTop1(), 2), number(c.predictedMs(), 3), number(c.referenceMs(), 3),
                    c.architecture() == null ? "–" : (c.referenceWithinConstraint() ? "yes" : "no"),
                    c.searchTime().toNanos() / 1e9, c.latencyEvaluations(),
                    c.strategy() == NasStrategy.PREDICTOR_MEMO ? String.format(Locale.ROOT, "%.1f%%", 100 * c.cacheHitRate())
                            : "–"));
        }
        md.append("\nTime of one latency estimate (mean of single-subnet calls, timed on a second pass over the same"
                + " subnets; predictor+memo: memo hits):\n\n");
        md.append("| space | strategy | calls | µs per estimate |\n|---|---|---|---|\n");
        for (EstimateTiming t : timings) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f |%n", t.spaceId(), t.strategy().id(), t.calls(),
                    t.meanMicros()));
        }
        if (!predictors.isEmpty()) {
            md.append("\nPredictors (paper128 MLP), held-out test:\n\n");
            md.append("| space | predictor | RMSE ms | RMSE % | within ±10% | Kendall τ | build and train s |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (PredictorSummary p : predictors) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.2f | %.1f%% | %.3f | %.1f |%n", p.spaceId(),
                        p.origin(), p.evaluation().rmseMs(), p.evaluation().rmsePercent(),
                        100 * p.evaluation().within10Percent(), p.evaluation().kendallTau(), p.trainTimeSeconds()));
            }
        }
        return md.toString();
    }

    public String csv() {
        StringBuilder csv = new StringBuilder("hardware,space,strategy,constraint_ms,status,surrogate_top1,predicted_ms,"
                + "reference_ms,reference_within,search_s,latency_evaluations,memo_hit_rate,estimate_us,architecture\n");
        for (NasCell c : cells) {
            double micros = timings.stream()
                    .filter(t -> t.spaceId().equals(c.spaceId()) && t.strategy() == c.strategy())
                    .mapToDouble(EstimateTiming::meanMicros).findFirst().orElse(Double.NaN);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%.4f,%d,%.4f,%.3f,%s%n", hardwareId,
                    c.spaceId(), c.strategy().id(), c.constraintMs(), c.status(), c.surrogateTop1(), c.predictedMs(),
                    c.referenceMs(), c.referenceWithinConstraint(), c.searchTime().toNanos() / 1e9,
                    c.latencyEvaluations(), c.cacheHitRate(), micros,
                    c.architecture() == null ? "" : "\"" + ArchitectureCodec.toJson(c.architecture()).replace("\"", "\"\"")
                            + "\""));
        }
        return csv.toString();
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
