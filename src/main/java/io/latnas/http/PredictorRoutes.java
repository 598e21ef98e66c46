package io.latnas.http;

import io.latnas.http.dto.PredictorStatus;
import io.latnas.http.dto.TrainingAccepted;
import io.latnas.http.dto.TrainingRequest;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.PredictorProvenance;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

/**
 * The models the node's predictor pool serves, and the training of new ones: {@code GET /v1/predictors}
 * lists them, {@code POST /v1/predictors} trains (or fine-tunes) the paper's MLP on a dataset file of the
 * data directory, {@code GET /v1/predictors/{id}} follows a training or describes a served model.
 */
public final class PredictorRoutes implements RouteGroup {

    public static final String PATH = ApiRoutes.PREFIX + "/predictors";

    private final Optional<ActorRef<PredictorPool.Command>> pool;
    private final Optional<ActorRef<PredictorTraining.Command>> training;
    private final HttpSettings settings;
    private final Scheduler scheduler;

    /**
     * @param pool     the node's predictor pool; without one (no predict role) every request is a 503
     * @param training trains predictors for that pool; present exactly when the pool is
     */
    public PredictorRoutes(Optional<ActorRef<PredictorPool.Command>> pool,
                           Optional<ActorRef<PredictorTraining.Command>> training, HttpSettings settings,
                           Scheduler scheduler) {
        this.pool = pool;
        this.training = training;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.get(PATH, this::list),
                Endpoint.post(PATH, this::train),
                Endpoint.get(PATH + "/{id}", this::status));
    }

    private ActorRef<PredictorPool.Command> pool() {
        return pool.orElseThrow(() -> ApiException.roleNotRunning("predict"));
    }

    private ActorRef<PredictorTraining.Command> training() {
        return training.orElseThrow(() -> ApiException.roleNotRunning("predict"));
    }

    private CompletionStage<List<PredictorTraining.Training>> trainings() {
        return AskPattern.ask(training(), PredictorTraining.ListTrainings::new, settings.askTimeout(), scheduler);
    }

    private Route list() {
        CompletionStage<PredictorPool.PoolStatus> served = AskPattern.ask(pool(), PredictorPool.GetPoolStatus::new,
                settings.askTimeout(), scheduler);
        return onSuccess(served.thenCombine(trainings(), PredictorRoutes::listing),
                all -> complete(Json.response(StatusCodes.OK, all)));
    }

    /**
     * Served models in the pool's order, each with its training where it was trained here; then trainings not
     * (or not yet) served.
     */
    private static List<PredictorStatus> listing(PredictorPool.PoolStatus served,
                                                 List<PredictorTraining.Training> trainings) {
        Map<String, PredictorTraining.Training> byId = new LinkedHashMap<>();
        trainings.forEach(t -> byId.put(t.id(), t));
        List<PredictorStatus> all = new ArrayList<>();
        for (PredictorPool.ModelDescription model : served.models()) {
            PredictorTraining.Training trained = byId.remove(model.modelId());
            all.add(trained != null ? view(trained) : configured(model));
        }
        byId.values().forEach(t -> all.add(view(t)));
        return all;
    }

    private Route train() {
        return Bodies.json(settings, TrainingRequest.class, request -> {
            ActorRef<PredictorPool.Command> servedBy = pool();
            if (request.epochs() > settings.limits().maxTrainingEpochs()) {
                throw new ApiException(ErrorCode.INVALID_VALUE, "epochs", "epochs " + request.epochs() + " is more"
                        + " than one training may run (" + settings.limits().maxTrainingEpochs()
                        + ", latnas.http.max-training-epochs)");
            }
            Path dir = settings.dataDir().toAbsolutePath().normalize();
            Path file = dir.resolve(request.dataset()).normalize();
            if (!dir.equals(file.getParent())) {
                throw new ApiException(ErrorCode.INVALID_VALUE, "dataset", "dataset must name a file in the data"
                        + " directory; got '" + request.dataset() + "'");
            }
            if (!Files.isRegularFile(file)) {
                throw new ApiException(ErrorCode.INVALID_VALUE, "dataset", "no dataset file '" + request.dataset()
                        + "' in the data directory; POST " + DatasetRoutes.PATH + " writes one");
            }
            PredictorTraining.Job job = new PredictorTraining.Job(file, request.dataset(),
                    SearchSpaces.byId(request.space()), request.hardware(), request.batch(), request.epochs(),
                    request.seed(), request.base(), request.frozenLayers());
            CompletionStage<PredictorTraining.TrainReply> reply = AskPattern.ask(training(),
                    replyTo -> new PredictorTraining.Train(job, replyTo), settings.askTimeout(), scheduler);
            return onSuccess(reply, answer -> {
                if (answer instanceof PredictorTraining.TrainingRefused refused) {
                    throw new ApiException(refused.busy() ? ErrorCode.OVERLOADED : ErrorCode.INVALID_VALUE,
                            refused.field(), refused.reason());
                }
                PredictorTraining.Training started = ((PredictorTraining.TrainingStarted) answer).training();
                String href = PATH + "/" + started.id();
                return complete(Json.response(StatusCodes.ACCEPTED, new TrainingAccepted(started.id(),
                        name(started.state()), href)).addHeader(Location.create(href)));
            });
        });
    }

    private Route status(String id) {
        CompletionStage<Optional<PredictorTraining.Training>> trained = AskPattern.ask(training(),
                replyTo -> new PredictorTraining.GetTraining(id, replyTo), settings.askTimeout(), scheduler);
        return onSuccess(trained, found -> {
            if (found.isPresent()) {
                return complete(Json.response(StatusCodes.OK, view(found.get())));
            }
            CompletionStage<PredictorPool.ModelReply> described = AskPattern.ask(pool(),
                    replyTo -> new PredictorPool.DescribeModel(id, replyTo), settings.askTimeout(), scheduler);
            return onSuccess(described, reply -> {
                if (reply instanceof PredictorPool.ModelDescription model) {
                    return complete(Json.response(StatusCodes.OK, configured(model)));
                }
                throw ApiException.notFound("predictor", id);
            });
        });
    }

    private static PredictorStatus configured(PredictorPool.ModelDescription model) {
        return new PredictorStatus(model.modelId(), "ready", "configured", model.hardwareId(), model.spaceId(), null,
                null, null);
    }

    static PredictorStatus view(PredictorTraining.Training t) {
        PredictorTraining.Job job = t.job();
        MlpLatencyPredictor predictor = t.predictor();
        PredictorProvenance provenance = predictor == null ? null : predictor.provenance();
        PredictorStatus.Training training = new PredictorStatus.Training(job.datasetName(), job.batchSize(),
                job.epochs(), job.seed(), job.base(), job.frozenLayers(),
                provenance == null ? null : provenance.predictorId(),
                provenance == null ? null : provenance.datasetHash(),
                provenance == null ? null : provenance.trainRows(),
                provenance == null ? null : provenance.validationRows(),
                provenance == null ? null : provenance.testRows(),
                predictor == null ? null : predictor.hiddenSizes(), time(t.submittedAt()), time(t.finishedAt()),
                t.file());
        return new PredictorStatus(t.id(), name(t.state()), "trained", job.hardwareId(), job.space().id(), training,
                predictor == null ? null : evaluation(predictor.evaluation()), t.failure());
    }

    private static PredictorStatus.Evaluation evaluation(Evaluation e) {
        return new PredictorStatus.Evaluation(e.count(), number(e.rmseMs()), number(e.rmsePercent()),
                number(e.maeMs()), number(e.within5Percent()), number(e.within10Percent()), number(e.kendallTau()),
                number(e.spearmanRho()));
    }

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
