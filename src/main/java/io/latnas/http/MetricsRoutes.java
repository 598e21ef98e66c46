package io.latnas.http;

import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSupervisor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * {@code GET /v1/metrics} in Prometheus' text format: the API's request counts and latencies, and gauges
 * the actors expose: each measurement actor's queue and totals, the dataset jobs running, the predictor
 * pool's queues and cache hit rate, and the searches running and queued.
 * A source that does not answer in time is left out of that scrape rather than failing it.
 */
public final class MetricsRoutes implements RouteGroup {

    /** Something that contributes samples to a scrape. */
    @FunctionalInterface
    interface Gauges {
        /** Asks the actors; completes with what to write, or nothing when they did not answer. */
        CompletionStage<Consumer<PrometheusText>> collect();
    }

    private static final ContentType.NonBinary TEXT = MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8);

    private final HttpMetrics metrics;
    private final List<Gauges> gauges;

    public MetricsRoutes(HttpMetrics metrics, ActorRef<NodeGuardian.Command> guardian, NodeGuardian.Services services,
                         ActorRef<DatasetJobs.Command> datasetJobs, HttpSettings settings, Scheduler scheduler) {
        this.metrics = metrics;
        MeasurementSurvey survey = new MeasurementSurvey(guardian, scheduler, settings.askTimeout());
        List<Gauges> all = new ArrayList<>();
        all.add(() -> survey.take().thenApply(MetricsRoutes::measurementGauges));
        all.add(() -> AskPattern.<DatasetJobs.Command, DatasetJobs.Counts>ask(datasetJobs, DatasetJobs.GetCounts::new,
                settings.askTimeout(), scheduler).thenApply(MetricsRoutes::datasetGauges));
        services.predictorPool().ifPresent(pool -> all.add(() -> AskPattern.<PredictorPool.Command,
                PredictorPool.PoolStatus>ask(pool, PredictorPool.GetPoolStatus::new, settings.askTimeout(), scheduler)
                .thenApply(MetricsRoutes::poolGauges)));
        services.searchSupervisor().ifPresent(supervisor -> all.add(() -> AskPattern.<SearchSupervisor.Command,
                SearchSupervisor.SupervisorStatus>ask(supervisor, SearchSupervisor.GetSupervisorStatus::new,
                settings.askTimeout(), scheduler).thenApply(MetricsRoutes::searchGauges)));
        this.gauges = List.copyOf(all);
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.get(ApiRoutes.PREFIX + "/metrics", this::scrape));
    }

    private Route scrape() {
        List<CompletableFuture<Consumer<PrometheusText>>> parts = new ArrayList<>();
        for (Gauges source : gauges) {
            parts.add(source.collect().exceptionally(failure -> out -> { }).toCompletableFuture());
        }
        CompletionStage<String> text = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    PrometheusText out = new PrometheusText();
                    metrics.writeTo(out);
                    parts.forEach(part -> part.join().accept(out));
                    return out.toString();
                });
        return onSuccess(text, body -> complete(HttpResponse.create().withEntity(HttpEntities.create(TEXT, body))));
    }

    private static Consumer<PrometheusText> measurementGauges(List<MeasurementSurvey.ActorReport> reports) {
        return out -> {
            List<Map.Entry<Map<String, String>, MeasurementActor.MeasurementStatus>> answered = new ArrayList<>();
            for (MeasurementSurvey.ActorReport report : reports) {
                report.status().ifPresent(s -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    labels.put("actor", report.actor());
                    labels.put("hardware", s.hardwareId());
                    labels.put("space", s.spaceId());
                    answered.add(Map.entry(labels, s));
                });
            }
            out.family("latnas_measurement_queue_depth", "gauge", "Requests waiting at a measurement actor behind"
                    + " the one it measures.");
            answered.forEach(e -> out.sample("latnas_measurement_queue_depth", e.getKey(), e.getValue().queued()));
            out.family("latnas_measurement_queue_capacity", "gauge", "Requests a measurement actor holds before it"
                    + " rejects more (latnas.runtime.measure.queue-size).");
            answered.forEach(e -> out.sample("latnas_measurement_queue_capacity", e.getKey(),
                    e.getValue().queueSize()));
            out.family("latnas_measurement_busy", "gauge", "1 while a measurement actor is measuring.");
            answered.forEach(e -> out.sample("latnas_measurement_busy", e.getKey(), e.getValue().measuring() ? 1 : 0));
            out.family("latnas_measurement_ready", "gauge", "1 once a measurement actor has opened its source and"
                    + " registered.");
            answered.forEach(e -> out.sample("latnas_measurement_ready", e.getKey(),
                    e.getValue().state() == MeasurementActor.State.READY ? 1 : 0));
            out.family("latnas_measurements_total", "counter", "Measurement requests a measurement actor answered,"
                    + " by outcome.");
            for (var e : answered) {
                MeasurementActor.MeasurementStatus s = e.getValue();
                out.sample("latnas_measurements_total", with(e.getKey(), "outcome", "measured"), s.measured());
                out.sample("latnas_measurements_total", with(e.getKey(), "outcome", "failed"), s.failed());
                out.sample("latnas_measurements_total", with(e.getKey(), "outcome", "rejected"), s.rejected());
            }
        };
    }

    private static Consumer<PrometheusText> datasetGauges(DatasetJobs.Counts counts) {
        return out -> {
            out.family("latnas_dataset_jobs_running", "gauge", "Dataset jobs started through the API and not"
                    + " finished.");
            out.sample("latnas_dataset_jobs_running", Map.of(), counts.running());
            out.family("latnas_dataset_jobs_finished", "gauge", "Finished dataset jobs the API still reports.");
            out.sample("latnas_dataset_jobs_finished", Map.of(), counts.finished());
        };
    }

    private static Consumer<PrometheusText> poolGauges(PredictorPool.PoolStatus status) {
        return out -> status.toMetrics().forEach((name, value) -> {
            String type = name.endsWith("_total") ? "counter" : "gauge";
            out.family(name, type, "Predictor pool: " + name.substring("latnas_predictor_".length()).replace('_', ' ')
                    + ".");
            out.sample(name, Map.of(), value.doubleValue());
        });
    }

    private static Consumer<PrometheusText> searchGauges(SearchSupervisor.SupervisorStatus status) {
        return out -> {
            out.family("latnas_searches_running", "gauge", "Searches running now.");
            out.sample("latnas_searches_running", Map.of(), status.running());
            out.family("latnas_searches_queued", "gauge", "Searches waiting for a slot.");
            out.sample("latnas_searches_queued", Map.of(), status.queued());
            out.family("latnas_searches_slots", "gauge", "Searches that may run at once"
                    + " (latnas.runtime.search.max-concurrent).");
            out.sample("latnas_searches_slots", Map.of(), status.maxConcurrent());
            out.family("latnas_searches_accepted_total", "counter", "Searches accepted.");
            out.sample("latnas_searches_accepted_total", Map.of(), status.accepted());
            out.family("latnas_searches_rejected_total", "counter", "Searches rejected, the queue being full or the"
                    + " request not runnable.");
            out.sample("latnas_searches_rejected_total", Map.of(), status.rejected());
            out.family("latnas_searches_ended_total", "counter", "Searches ended, by how.");
            out.sample("latnas_searches_ended_total", Map.of("outcome", "done"), status.done());
            out.sample("latnas_searches_ended_total", Map.of("outcome", "failed"), status.failed());
            out.sample("latnas_searches_ended_total", Map.of("outcome", "cancelled"), status.cancelled());
        };
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(key, value);
        return more;
    }
}
