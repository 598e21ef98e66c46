package io.latnas.http;

import io.latnas.http.dto.ApiError;
import io.latnas.http.dto.ClusterView;
import io.latnas.http.dto.Health;
import io.latnas.http.dto.MeasurementActorView;
import io.latnas.http.dto.Readiness;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.measure.MeasurementActor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * The node itself: {@code /v1/health} (the server answers), {@code /v1/ready} (the guardian has started its
 * roles and every measurement actor has opened its source and registered) and {@code /v1/cluster}.
 * On the local provider the cluster is this node alone.
 */
public final class NodeRoutes implements RouteGroup {

    private final MeasurementSurvey survey;
    private final Set<NodeRole> roles;
    private final Address address;
    private final HttpSettings settings;

    public NodeRoutes(ActorRef<NodeGuardian.Command> guardian, Set<NodeRole> roles, Address address,
                      HttpSettings settings, Scheduler scheduler) {
        this.survey = new MeasurementSurvey(guardian, scheduler, settings.askTimeout());
        this.roles = Set.copyOf(roles);
        this.address = address;
        this.settings = settings;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.get(ApiRoutes.OPEN_PATH, () -> complete(Json.response(StatusCodes.OK, Health.OK))),
                Endpoint.get(ApiRoutes.PREFIX + "/ready", this::ready),
                Endpoint.get(ApiRoutes.PREFIX + "/cluster", this::cluster));
    }

    private Route ready() {
        return onComplete(survey.take(), outcome -> {
            if (outcome.isFailure()) {
                return complete(notReady("the node guardian did not answer within " + settings.askTimeout()));
            }
            List<MeasurementSurvey.ActorReport> reports = outcome.get();
            List<String> opening = reports.stream().filter(r -> !r.ready()).map(MeasurementSurvey.ActorReport::actor)
                    .toList();
            if (!opening.isEmpty()) {
                return complete(notReady(opening.size() + " of " + reports.size() + " measurement actors have not"
                        + " opened their source yet: " + String.join(", ", opening)));
            }
            return complete(Json.response(StatusCodes.OK, new Readiness(true, roleNames(), views(reports))));
        });
    }

    private Route cluster() {
        return onSuccess(survey.take(), reports -> {
            List<String> hardware = reports.stream().flatMap(r -> r.status().stream())
                    .map(MeasurementActor.MeasurementStatus::hardwareId).distinct().sorted().toList();
            ClusterView.Member self = new ClusterView.Member(address.toString(), roleNames(), "up", hardware,
                    views(reports));
            String provider = address.hasGlobalScope() ? "cluster" : "local";
            return complete(Json.response(StatusCodes.OK, new ClusterView(provider, address.toString(),
                    List.of(self))));
        });
    }

    private HttpResponse notReady(String message) {
        return Json.error(ErrorCode.NOT_READY, new ApiError(ErrorCode.NOT_READY.id(), null, message),
                settings.retryAfter());
    }

    private List<String> roleNames() {
        return roles.stream().map(NodeRole::configName).sorted().collect(Collectors.toList());
    }

    static List<MeasurementActorView> views(List<MeasurementSurvey.ActorReport> reports) {
        return reports.stream().map(r -> r.status().map(s -> new MeasurementActorView(r.actor(), s.hardwareId(),
                        s.spaceId(), s.source(), s.state().name().toLowerCase(Locale.ROOT), s.measuring(), s.queued(),
                        s.queueSize()))
                .orElse(new MeasurementActorView(r.actor(), null, null, null, "unknown", false, 0, 0))).toList();
    }
}
