package io.latnas.http;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.http.dto.DatasetAccepted;
import io.latnas.http.dto.DatasetRequest;
import io.latnas.http.dto.DatasetStatus;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * {@code POST /v1/datasets} starts a measurement job on the node's measurement actors;
 * {@code GET /v1/datasets/{id}} follows it. Jobs write only into {@code latnas.http.data-dir}.
 */
public final class DatasetRoutes implements RouteGroup {

    public static final String PATH = ApiRoutes.PREFIX + "/datasets";
    /** Failures listed in a status; the count is always complete. */
    private static final int FAILURES_SHOWN = 100;

    private final ActorRef<DatasetJobs.Command> jobs;
    private final MeasurementSurvey survey;
    private final HardwareCatalog catalog;
    private final HttpSettings settings;
    private final Scheduler scheduler;

    public DatasetRoutes(ActorRef<DatasetJobs.Command> jobs, ActorRef<NodeGuardian.Command> guardian,
                         HardwareCatalog catalog, HttpSettings settings, Scheduler scheduler) {
        this.jobs = jobs;
        this.survey = new MeasurementSurvey(guardian, scheduler, settings.askTimeout());
        this.catalog = catalog;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post(PATH, this::start),
                Endpoint.get(PATH + "/{id}", this::status));
    }

    private Route start() {
        return Bodies.json(settings, DatasetRequest.class, request -> onSuccess(servedHere(request.hardware()),
                served -> {
                    DatasetJob job = request.toJob(catalog, served, settings.dataDir(),
                            settings.limits().maxDatasetCount());
                    CompletionStage<DatasetJobs.StartReply> reply = AskPattern.ask(jobs,
                            replyTo -> new DatasetJobs.StartJob(job, request.outputName(), replyTo),
                            settings.askTimeout(), scheduler);
                    return onSuccess(reply, answer -> started(answer, job));
                }));
    }

    /** Hardware this node measures; asked only for an id the catalog does not know (an external meter's). */
    private CompletionStage<Set<String>> servedHere(String hardware) {
        if (catalog.contains(hardware)) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return survey.take().thenApply(reports -> reports.stream()
                .flatMap(r -> r.status().stream())
                .map(s -> s.hardwareId())
                .collect(Collectors.toSet()));
    }

    private Route started(DatasetJobs.StartReply answer, DatasetJob job) {
        if (answer instanceof DatasetJobs.JobStarted started) {
            String href = PATH + "/" + started.job().id();
            DatasetAccepted body = new DatasetAccepted(started.job().id(), stateName(started.job()),
                    started.job().outputName(), href);
            return complete(Json.response(StatusCodes.ACCEPTED, body).addHeader(Location.create(href)));
        }
        DatasetJobs.JobRefused refused = (DatasetJobs.JobRefused) answer;
        String message = withoutServerPath(refused.message(), job);
        throw switch (refused.refusal()) {
            case TOO_MANY_RUNNING -> new ApiException(ErrorCode.OVERLOADED, null, message);
            case ALREADY_BUILDING, OUTPUT_UNUSABLE -> new ApiException(ErrorCode.CONFLICT, "output", message);
        };
    }

    private Route status(String id) {
        CompletionStage<Optional<DatasetJobs.Job>> found = AskPattern.ask(jobs,
                replyTo -> new DatasetJobs.GetJob(id, replyTo), settings.askTimeout(), scheduler);
        return onSuccess(found, job -> complete(Json.response(StatusCodes.OK,
                view(job.orElseThrow(() -> ApiException.notFound("dataset job", id))))));
    }

    static DatasetStatus view(DatasetJobs.Job job) {
        DatasetJob spec = job.job();
        Optional<DatasetBuilder.DatasetBuilt> built = job.built();
        Optional<DatasetBuilder.DatasetProgress> progress = job.progress();
        Integer planned = built.map(DatasetBuilder.DatasetBuilt::planned)
                .or(() -> job.started().map(DatasetBuilder.BuildStarted::planned)).orElse(null);
        Integer present = built.map(DatasetBuilder.DatasetBuilt::alreadyPresent)
                .or(() -> job.started().map(DatasetBuilder.BuildStarted::alreadyPresent)).orElse(null);
        int measured = built.map(DatasetBuilder.DatasetBuilt::measured)
                .orElse(progress.map(DatasetBuilder.DatasetProgress::measured).orElse(0));
        int failed = built.map(b -> b.failures().size())
                .orElse(progress.map(DatasetBuilder.DatasetProgress::failed).orElse(0));
        // Once built, nothing is in flight, waiting or being measured any more.
        Optional<DatasetBuilder.DatasetProgress> live = built.isPresent() ? Optional.empty() : progress;
        Map<String, Long> measuredBy = built.map(DatasetBuilder.DatasetBuilt::measuredBy)
                .orElse(progress.map(DatasetBuilder.DatasetProgress::measuredBy).orElse(Map.of()));
        List<DatasetStatus.Failure> failures = built.map(b -> b.failures().stream().limit(FAILURES_SHOWN)
                .map(f -> new DatasetStatus.Failure(ArchitectureCodec.toJsonNode(f.architecture()), f.reason()))
                .toList()).orElse(List.of());
        return new DatasetStatus(job.id(), stateName(job), job.outputName(), spec.space().id(), spec.hardwareId(),
                spec.batchSize(), spec.count(), spec.seed(), planned, present, measured, failed,
                live.map(DatasetBuilder.DatasetProgress::inFlight).orElse(0),
                live.map(DatasetBuilder.DatasetProgress::waiting).orElse(0),
                live.map(DatasetBuilder.DatasetProgress::actors).orElse(0),
                (present == null ? 0 : present) + measured, measuredBy,
                built.map(b -> b.outcome().name().toLowerCase(Locale.ROOT)).orElse(null),
                built.map(b -> withoutServerPath(b.message(), spec)).orElse(null),
                failures);
    }

    /** A builder's message with the file's absolute path cut down to its name: clients never see server paths. */
    private static String withoutServerPath(String message, DatasetJob job) {
        return message == null ? null : message.replace(job.output().toString(), job.output().getFileName().toString());
    }

    private static String stateName(DatasetJobs.Job job) {
        return job.state().name().toLowerCase(Locale.ROOT);
    }
}
