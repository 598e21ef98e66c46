package io.latnas.http;

import io.latnas.http.dto.ApiError;
import io.latnas.http.dto.Health;
import io.latnas.http.dto.MeasurementActorView;
import io.latnas.http.dto.Readiness;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSupervisor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * The node itself: {@code /v1/health} (the server answers), {@code /v1/ready} (the guardian has started
 * its roles, every measurement actor has opened its source and registered, and the predictor pool and
 * search supervisor answer where the roles call for them) and {@code /v1/cluster} (the members, and what
 * each serves, from any node; {@link ClusterSurvey}).
 */
public final class NodeRoutes implements RouteGroup {

    private final MeasurementSurvey survey;
    private final NodeGuardian.Services services;
    private final Set<NodeRole> roles;
    private final ClusterSurvey cluster;
    private final Address self;
    private final HttpSettings settings;
    private final Scheduler scheduler;

    public NodeRoutes(ActorSystem<NodeGuardian.Command> system, NodeGuardian.Services services, Set<NodeRole> roles,
                      HttpSettings settings) {
        this.survey = new MeasurementSurvey(system, system.scheduler(), settings.askTimeout());
        this.services = services;
        this.roles = Set.copyOf(roles);
        this.cluster = new ClusterSurvey(system, roles, survey, settings.askTimeout());
        this.self = system.address();
        this.settings = settings;
        this.scheduler = system.scheduler();
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.get(ApiRoutes.OPEN_PATH, () -> complete(Json.response(StatusCodes.OK, Health.OK))),
                Endpoint.get(ApiRoutes.PREFIX + "/ready", this::ready),
                Endpoint.get(ApiRoutes.PREFIX + "/cluster", this::cluster));
    }

    /** What the node's services answered; empty where a service is absent or silent. */
    private record Answers(List<MeasurementSurvey.ActorReport> measurement,
                           Optional<PredictorPool.PoolStatus> pool,
                           Optional<SearchSupervisor.SupervisorStatus> supervisor) {
    }

    private CompletionStage<Answers> ask() {
        CompletableFuture<Optional<PredictorPool.PoolStatus>> pool = services.predictorPool()
                .map(ref -> optional(AskPattern.<PredictorPool.Command, PredictorPool.PoolStatus>ask(ref,
                        PredictorPool.GetPoolStatus::new, settings.askTimeout(), scheduler)))
                .orElse(CompletableFuture.completedFuture(Optional.empty()));
        CompletableFuture<Optional<SearchSupervisor.SupervisorStatus>> supervisor = services.searchSupervisor()
                .map(ref -> optional(AskPattern.<SearchSupervisor.Command, SearchSupervisor.SupervisorStatus>ask(ref,
                        SearchSupervisor.GetSupervisorStatus::new, settings.askTimeout(), scheduler)))
                .orElse(CompletableFuture.completedFuture(Optional.empty()));
        return survey.take().thenCombine(pool, (m, p) -> new Answers(m, p, Optional.empty()))
                .thenCombine(supervisor, (a, s) -> new Answers(a.measurement(), a.pool(), s));
    }

    private static <T> CompletableFuture<Optional<T>> optional(CompletionStage<T> stage) {
        return stage.handle((value, failure) -> Optional.ofNullable(value)).toCompletableFuture();
    }

    private Route ready() {
        return onComplete(ask(), outcome -> {
            if (outcome.isFailure()) {
                return complete(notReady("the node guardian did not answer within " + settings.askTimeout()));
            }
            Answers answers = outcome.get();
            List<String> waiting = new ArrayList<>();
            for (MeasurementSurvey.ActorReport report : answers.measurement()) {
                if (!report.ready()) {
                    waiting.add("measurement actor " + report.actor() + " has not opened its source yet");
                }
            }
            if (roles.contains(NodeRole.PREDICT) && answers.pool().isEmpty()) {
                waiting.add("the predictor pool " + (services.predictorPool().isEmpty() ? "is not running"
                        : "did not answer within " + settings.askTimeout()));
            }
            if (roles.contains(NodeRole.SEARCH) && answers.supervisor().isEmpty()) {
                waiting.add("the search supervisor " + (services.searchSupervisor().isEmpty() ? "is not running"
                        : "did not answer within " + settings.askTimeout()));
            }
            if (!waiting.isEmpty()) {
                return complete(notReady(String.join("; ", waiting)));
            }
            return complete(Json.response(StatusCodes.OK, new Readiness(true, roleNames(),
                    views(answers.measurement(), self), predictors(answers))));
        });
    }

    private Route cluster() {
        return onSuccess(cluster.take(), view -> complete(Json.response(StatusCodes.OK, view)));
    }

    private HttpResponse notReady(String message) {
        return Json.error(ErrorCode.NOT_READY, new ApiError(ErrorCode.NOT_READY.id(), null, message),
                settings.retryAfter());
    }

    private List<String> roleNames() {
        return roles.stream().map(NodeRole::configName).sorted().toList();
    }

    private static List<String> predictors(Answers answers) {
        return answers.pool().map(p -> p.models().stream().map(PredictorPool.ModelDescription::modelId).sorted()
                .toList()).orElse(List.of());
    }

    /** The reports as the API shows them, each actor named by its full path on {@code self}'s cluster. */
    static List<MeasurementActorView> views(List<MeasurementSurvey.ActorReport> reports, Address self) {
        return reports.stream().map(r -> {
            String actor = r.ref().path().toStringWithAddress(self);
            return r.status().map(s -> new MeasurementActorView(actor, s.hardwareId(), s.spaceId(), s.source(),
                            s.state().name().toLowerCase(Locale.ROOT), s.measuring(), s.queued(), s.queueSize()))
                    .orElse(new MeasurementActorView(actor, null, null, null, "unknown", false, 0, 0));
        }).toList();
    }
}
