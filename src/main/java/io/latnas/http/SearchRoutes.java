package io.latnas.http;

import io.latnas.http.dto.ApiError;
import io.latnas.http.dto.SearchCancellation;
import io.latnas.http.dto.SearchEventData;
import io.latnas.http.dto.SearchSubmission;
import io.latnas.http.dto.SearchTicket;
import io.latnas.http.dto.SearchView;
import io.latnas.runtime.search.ConstraintOutcome;
import io.latnas.runtime.search.RejectionCode;
import io.latnas.runtime.search.SearchOutcome;
import io.latnas.runtime.search.SearchProgressInfo;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.search.SearchSettings;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * Searches on the node's search supervisor: {@code POST /v1/searches} submits one (202, or a 400 naming the
 * field the supervisor refused, or a 503 with Retry-After when its queue is full); {@code GET} follows it,
 * {@code GET .../events} streams its progress as server-sent events, {@code DELETE} cancels it.
 */
public final class SearchRoutes implements RouteGroup {

    public static final String PATH = ApiRoutes.PREFIX + "/searches";
    /** Events held for a slow client; the oldest progress is dropped first, never the end. */
    private static final int EVENT_BUFFER = 256;

    private final Optional<ActorRef<SearchSupervisor.Command>> supervisor;
    private final SearchSettings defaults;
    private final HttpSettings settings;
    private final Scheduler scheduler;

    /**
     * @param supervisor the node's search supervisor; without one (no search role) every request is a 503
     * @param defaults   what a submission that leaves out batch, population, generations or seed gets
     */
    public SearchRoutes(Optional<ActorRef<SearchSupervisor.Command>> supervisor, SearchSettings defaults,
                        HttpSettings settings, Scheduler scheduler) {
        this.supervisor = supervisor;
        this.defaults = defaults;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post(PATH, this::submit),
                Endpoint.get(PATH + "/{id}", this::status),
                Endpoint.get(PATH + "/{id}/events", this::events),
                Endpoint.delete(PATH + "/{id}", this::cancel));
    }

    private ActorRef<SearchSupervisor.Command> supervisor() {
        return supervisor.orElseThrow(() -> ApiException.roleNotRunning("search"));
    }

    private Route submit() {
        return Bodies.json(settings, SearchSubmission.class, submission -> {
            HttpSettings.Limits limits = settings.limits();
            submission.checkLimits(limits.maxSearchPopulation(), limits.maxSearchGenerations(),
                    limits.maxSearchConstraints());
            SearchSpec spec = spec(submission);
            CompletionStage<SearchSupervisor.StartReply> reply = AskPattern.ask(supervisor(),
                    replyTo -> new SearchSupervisor.StartSearch(spec, replyTo), settings.askTimeout(), scheduler);
            return onSuccess(reply, answer -> complete(accepted(answer)));
        });
    }

    private SearchSpec spec(SearchSubmission s) {
        return new SearchSpec(s.space(), s.hardware(), s.batch() == null ? defaults.batchSize() : s.batch(),
                s.constraintsMs(), s.strategy(), s.model(),
                s.population() == null ? defaults.population() : s.population(),
                s.generations() == null ? defaults.generations() : s.generations(),
                s.seed() == null ? defaults.seed() : s.seed());
    }

    private HttpResponse accepted(SearchSupervisor.StartReply answer) {
        if (answer instanceof SearchSupervisor.SearchAccepted accepted) {
            String href = PATH + "/" + accepted.searchId();
            return Json.response(StatusCodes.ACCEPTED, new SearchTicket(accepted.searchId(), name(accepted.state()),
                    accepted.queuePosition(), href, href + "/events")).addHeader(Location.create(href));
        }
        SearchSupervisor.SearchRejected rejected = (SearchSupervisor.SearchRejected) answer;
        ErrorCode code = switch (rejected.code()) {
            case QUEUE_FULL -> ErrorCode.OVERLOADED;
            case UNAVAILABLE, NO_MEASUREMENT_ACTORS -> ErrorCode.UNAVAILABLE;
            case INVALID_SPEC, UNKNOWN_SPACE, UNKNOWN_STRATEGY, UNKNOWN_HARDWARE, NO_LOOKUP_TABLE, UNKNOWN_MODEL,
                    MODEL_MISMATCH -> ErrorCode.INVALID_VALUE;
        };
        HttpResponse response = Json.error(code, new ApiError(code.id(), field(rejected.field()), rejected.reason()),
                settings.retryAfter());
        if (rejected.code() == RejectionCode.QUEUE_FULL && rejected.retryAfterMs() > 0) {
            response = response.removeHeader("Retry-After")
                    .addHeader(RetryAfter.create(Math.max(1, (rejected.retryAfterMs() + 999) / 1000)));
        }
        return response;
    }

    /** The supervisor's name for a field, as the request body spells it. */
    static String field(String supervisorField) {
        if (supervisorField == null) {
            return null;
        }
        if (supervisorField.equals("batch-size")) {
            return "batch";
        }
        if (supervisorField.startsWith("constraints")) {
            return "constraintsMs" + supervisorField.substring("constraints".length());
        }
        return supervisorField;
    }

    private Route status(String id) {
        CompletionStage<SearchSupervisor.SearchReply> reply = AskPattern.ask(supervisor(),
                replyTo -> new SearchSupervisor.GetSearch(id, replyTo), settings.askTimeout(), scheduler);
        return onSuccess(reply, answer -> complete(Json.response(StatusCodes.OK, view(found(answer, id)))));
    }

    private Route cancel(String id) {
        CompletionStage<SearchSupervisor.CancelReply> reply = AskPattern.ask(supervisor(),
                replyTo -> new SearchSupervisor.CancelSearch(id, replyTo), settings.askTimeout(), scheduler);
        return onSuccess(reply, answer -> {
            if (answer instanceof SearchSupervisor.CancelRequested requested) {
                return complete(Json.response(StatusCodes.ACCEPTED, new SearchCancellation(id,
                        name(requested.stateBefore()), PATH + "/" + id)));
            }
            if (answer instanceof SearchSupervisor.SearchAlreadyEnded ended) {
                throw new ApiException(ErrorCode.CONFLICT, "id", "search " + id + " already ended ("
                        + name(ended.state()) + "); there is nothing to cancel");
            }
            throw ApiException.notFound("search", id);
        });
    }

    /**
     * Server-sent events: {@code status} first (a {@link SearchView}), then {@code started},
     * {@code generation} and {@code constraint} as they happen, then {@code ended} (a {@link SearchView}), after
     * which the stream closes; a search that has ended already sends {@code ended} alone. An unknown id is a
     * 404 before any event.
     */
    private Route events(String id) {
        ActorRef<SearchSupervisor.Command> target = supervisor();
        CompletionStage<SearchSupervisor.SearchReply> reply = AskPattern.ask(target,
                replyTo -> new SearchSupervisor.GetSearch(id, replyTo), settings.askTimeout(), scheduler);
        return onSuccess(reply, answer -> {
            found(answer, id);
            // Subscribes when the response starts streaming; when the client goes away the stream stops,
            // and with it the subscriber, which the supervisor watches and forgets.
            Source<ServerSentEvent, NotUsed> events = Source.<SearchSupervisor.SearchEvent>actorRef(
                            message -> Optional.empty(), message -> Optional.empty(), EVENT_BUFFER,
                            OverflowStrategy.dropHead())
                    .mapMaterializedValue(ref -> {
                        target.tell(new SearchSupervisor.SubscribeSearch(id, Adapter.toTyped(ref)));
                        return NotUsed.getInstance();
                    })
                    .takeWhile(event -> !(event instanceof SearchSupervisor.SearchEnded
                            || event instanceof SearchSupervisor.SearchNotFound), true)
                    .map(SearchRoutes::event)
                    .keepAlive(settings.sseKeepAlive(), ServerSentEvent::heartbeat);
            return completeOK(events, EventStreamMarshalling.toEventStream());
        });
    }

    private static SearchSupervisor.SearchInfo found(SearchSupervisor.SearchReply reply, String id) {
        if (reply instanceof SearchSupervisor.SearchInfo info) {
            return info;
        }
        throw ApiException.notFound("search", id);
    }

    static ServerSentEvent event(SearchSupervisor.SearchEvent event) {
        if (event instanceof SearchSupervisor.SearchInfo info) {
            return sse("status", view(info));
        }
        if (event instanceof SearchSupervisor.SearchStarted started) {
            return sse("started", new SearchEventData.Started(started.searchId(), time(started.startedAt())));
        }
        if (event instanceof SearchSupervisor.GenerationCompleted generation) {
            return sse("generation", new SearchEventData.Generation(generation.searchId(),
                    progress(generation.progress())));
        }
        if (event instanceof SearchSupervisor.ConstraintCompleted constraint) {
            return sse("constraint", new SearchEventData.Constraint(constraint.searchId(),
                    constraint.constraintIndex(), outcome(constraint.outcome())));
        }
        if (event instanceof SearchSupervisor.SearchEnded ended) {
            return sse("ended", view(ended.info()));
        }
        return sse("not_found", new ApiError(ErrorCode.NOT_FOUND.id(), "id", "no search with id '"
                + event.searchId() + "'; it may have finished and been forgotten"));
    }

    private static ServerSentEvent sse(String type, Object data) {
        return ServerSentEvent.create(new String(Json.write(data), StandardCharsets.UTF_8), type);
    }

    static SearchView view(SearchSupervisor.SearchInfo info) {
        SearchSpec spec = info.spec();
        SearchView.Spec request = new SearchView.Spec(spec.spaceId(), spec.hardwareId(), spec.batchSize(),
                spec.constraintsMs(), spec.strategy(), spec.modelId(), spec.population(), spec.generations(),
                spec.seed());
        return new SearchView(info.searchId(), name(info.state()), info.queuePosition(), request,
                info.progress() == null ? null : progress(info.progress()),
                info.finishedConstraints().stream().map(SearchRoutes::outcome).toList(),
                info.result() == null ? null : result(info.result()), info.failure(), time(info.submittedAt()),
                time(info.startedAt()), time(info.finishedAt()));
    }

    private static SearchView.Progress progress(SearchProgressInfo p) {
        return new SearchView.Progress(p.constraintIndex(), p.constraints(), p.constraintMs(), p.generation(),
                p.generations(), number(p.bestAccuracy()), number(p.bestLatencyMs()),
                p.bestArchitecture() == null ? null : ArchitectureCodec.toJsonNode(p.bestArchitecture()),
                p.evaluations(), p.cacheHits());
    }

    private static SearchView.Outcome outcome(ConstraintOutcome o) {
        return new SearchView.Outcome(o.constraintMs(), name(o.status()),
                o.architecture() == null ? null : ArchitectureCodec.toJsonNode(o.architecture()), number(o.accuracy()),
                o.accuracySurrogate(), number(o.latencyMs()), o.generations(), o.latencyEvaluations(), o.cacheHits(),
                o.cacheHitRate(), o.wallTimeMs());
    }

    private static SearchView.Result result(SearchOutcome r) {
        return new SearchView.Result(r.front().stream().map(SearchRoutes::outcome).toList(), r.accuracyEstimatorId(),
                r.accuracySurrogate(), r.latencySource(), r.latencyEvaluations(), r.cacheHits(), r.cacheHitRate(),
                r.wallTimeMs());
    }

    /** JSON has no NaN: a number that does not exist is null. */
    private static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
