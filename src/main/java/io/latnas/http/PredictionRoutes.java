package io.latnas.http;

import io.latnas.http.dto.PredictionRequest;
import io.latnas.http.dto.PredictionResult;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * {@code POST /v1/predictions}: latencies from the node's predictor pool, for a model named by id or the
 * model of a hardware id. Architectures are checked against the model's space before the pool sees them,
 * so an architecture outside it is a 400 naming the field, never a failed prediction.
 */
public final class PredictionRoutes implements RouteGroup {

    public static final String PATH = ApiRoutes.PREFIX + "/predictions";

    /** How long the pool's model list is reused to resolve requests before the pool is asked again. */
    static final long MODELS_FRESH_NANOS = 1_000_000_000L;

    private final Optional<ActorRef<PredictorPool.Command>> pool;
    private final HttpSettings settings;
    private final Scheduler scheduler;
    /** The pool's models as last listed, so that most requests make one actor round trip, not two. */
    private final AtomicReference<ModelList> models = new AtomicReference<>();

    private record ModelList(List<PredictorPool.ModelDescription> models, long listedAtNanos) {
    }

    /**
     * @param pool the node's predictor pool; without one (no predict role) every request is a 503
     */
    public PredictionRoutes(Optional<ActorRef<PredictorPool.Command>> pool, HttpSettings settings,
                            Scheduler scheduler) {
        this.pool = pool;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.post(PATH, this::predict));
    }

    private Route predict() {
        return Bodies.json(settings, PredictionRequest.class, request -> {
            if (request.count() > settings.limits().maxBatch()) {
                throw new ApiException(ErrorCode.INVALID_VALUE, "architectures", request.count() + " architectures"
                        + " are more than one request may carry (" + settings.limits().maxBatch()
                        + ", latnas.http.max-batch); split them over several requests");
            }
            ActorRef<PredictorPool.Command> predictors = pool.orElseThrow(() -> ApiException.roleNotRunning("predict"));
            return onSuccess(model(predictors, request), model -> {
                List<Architecture> archs = request.parse(SearchSpaces.byId(model.spaceId()));
                CompletionStage<PredictorPool.PredictReply> reply = AskPattern.ask(predictors,
                        replyTo -> new PredictorPool.Predict(model.modelId(), request.batch(), archs, replyTo),
                        settings.askTimeout(), scheduler);
                return onSuccess(reply, answer -> complete(Json.response(StatusCodes.OK, result(answer, model,
                        request))));
            });
        });
    }

    /**
     * The model that answers the request: the one named, or the only one for its hardware (and space).
     *
     * <p>The ask's stage is Scala's {@code CompletableFuture}, whose {@code thenApply} runs on the default
     * async executor; with fewer than three cores that executor starts a new thread per call (JFR showed
     * one per request under load, docs/BENCHMARKS.md). The mapping is a type test, so it runs where the
     * reply arrives.
     */
    private CompletionStage<PredictorPool.ModelDescription> model(ActorRef<PredictorPool.Command> predictors,
                                                                  PredictionRequest request) {
        Optional<PredictorPool.ModelDescription> listed = fromRecentList(request);
        if (listed.isPresent()) {
            return CompletableFuture.completedFuture(listed.get());
        }
        if (request.model() != null) {
            CompletionStage<PredictorPool.ModelReply> reply = AskPattern.ask(predictors,
                    replyTo -> new PredictorPool.DescribeModel(request.model(), replyTo), settings.askTimeout(),
                    scheduler);
            return reply.thenApplyAsync(answer -> {
                if (answer instanceof PredictorPool.ModelDescription model) {
                    return model;
                }
                throw new ApiException(ErrorCode.INVALID_VALUE, "model", "unknown model '" + request.model()
                        + "'; served: " + served(((PredictorPool.UnknownModel) answer).served()));
            }, Runnable::run);
        }
        CompletionStage<PredictorPool.PoolStatus> status = AskPattern.ask(predictors,
                PredictorPool.GetPoolStatus::new, settings.askTimeout(), scheduler);
        return status.thenApplyAsync(pool -> {
            models.set(new ModelList(pool.models(), System.nanoTime()));
            return byHardware(pool.models(), request);
        }, Runnable::run);
    }

    /**
     * The request's model from the pool's list of the last second, when that list names it or holds exactly
     * one for its hardware; otherwise empty, and the pool is asked. A model registered since is then found
     * by asking, so a new model is never reported unknown; only a second model for the same hardware may
     * stay unseen for up to a second.
     */
    private Optional<PredictorPool.ModelDescription> fromRecentList(PredictionRequest request) {
        ModelList list = models.get();
        if (list == null || System.nanoTime() - list.listedAtNanos() > MODELS_FRESH_NANOS) {
            return Optional.empty();
        }
        if (request.model() != null) {
            return list.models().stream().filter(m -> m.modelId().equals(request.model())).findFirst();
        }
        List<PredictorPool.ModelDescription> matching = forHardware(list.models(), request);
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /** The models for the request's hardware, and for its space when it names one. */
    private static List<PredictorPool.ModelDescription> forHardware(List<PredictorPool.ModelDescription> models,
                                                                    PredictionRequest request) {
        return models.stream()
                .filter(m -> m.hardwareId().equals(request.hardware()))
                .filter(m -> request.space() == null || m.spaceId().equals(request.space()))
                .toList();
    }

    private static PredictorPool.ModelDescription byHardware(List<PredictorPool.ModelDescription> models,
                                                             PredictionRequest request) {
        List<PredictorPool.ModelDescription> matching = forHardware(models, request);
        if (matching.size() == 1) {
            return matching.get(0);
        }
        String servedIds = served(models.stream().map(PredictorPool.ModelDescription::modelId).toList());
        if (matching.isEmpty()) {
            if (request.space() != null) {
                SearchSpaces.byId(request.space());
            }
            throw new ApiException(ErrorCode.INVALID_VALUE, "hardware", "no model predicts for hardware '"
                    + request.hardware() + "'" + (request.space() == null ? "" : " in space " + request.space())
                    + "; served: " + servedIds);
        }
        throw new ApiException(ErrorCode.INVALID_VALUE, request.space() == null ? "space" : "model",
                matching.size() + " models predict for " + request.hardware() + ": "
                        + served(matching.stream().map(PredictorPool.ModelDescription::modelId).toList())
                        + "; name one as 'model'" + (request.space() == null ? " or give 'space'" : ""));
    }

    private static PredictionResult result(PredictorPool.PredictReply reply, PredictorPool.ModelDescription model,
                                           PredictionRequest request) {
        if (reply instanceof PredictorPool.PredictionFailed failed) {
            throw new ApiException(ErrorCode.PREDICTION_FAILED, null, failed.reason());
        }
        PredictorPool.Predicted predicted = (PredictorPool.Predicted) reply;
        double[] ms = predicted.latenciesMs();
        return new PredictionResult(model.modelId(), model.hardwareId(), model.spaceId(), predicted.batchSize(),
                request.single() ? ms[0] : null,
                request.single() ? null : Arrays.stream(ms).boxed().toList(), predicted.hits(), predicted.misses());
    }

    private static String served(List<String> ids) {
        return ids.isEmpty() ? "none" : ids.stream().sorted().collect(Collectors.joining(", "));
    }
}
