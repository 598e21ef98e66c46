package io.latnas.http;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.inference.TrainedModel;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Predictors trained through the API, by id. Trains one at a time on the blocking dispatcher (DL4J spreads
 * one training over the cores itself, and the pool's model calls share that dispatcher), saves the result
 * under the data directory, and registers it with the predictor pool, which serves it from then on under
 * the job's id. Keeps every predictor it trained, so that a later job can fine-tune one.
 */
public final class PredictorTraining extends AbstractBehavior<PredictorTraining.Command> {

    /** Fewer rows cannot be split 70/15/15 into parts that each say something. */
    public static final int MIN_ROWS = 20;
    /** Where trained predictors are saved, under the data directory. */
    public static final String DIRECTORY = "predictors";

    public sealed interface Command {
    }

    /**
     * What to train: {@code dataset} is the file in the data directory, {@code base} the id of an earlier
     * training to fine-tune (or null).
     */
    public record Job(Path dataset, String datasetName, SearchSpace space, String hardwareId, int batchSize,
                      int epochs, long seed, String base, int frozenLayers) {

        public Job {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(hardwareId, "hardwareId");
        }
    }

    public record Train(Job job, ActorRef<TrainReply> replyTo) implements Command {
    }

    public record GetTraining(String id, ActorRef<Optional<Training>> replyTo) implements Command {
    }

    public record ListTrainings(ActorRef<List<Training>> replyTo) implements Command {
    }

    public sealed interface TrainReply {
    }

    public record TrainingStarted(Training training) implements TrainReply {
    }

    /**
     * @param busy whether it was refused because another training runs (rather than for its request)
     */
    public record TrainingRefused(boolean busy, String field, String reason) implements TrainReply {
    }

    public enum State {
        TRAINING, READY, FAILED
    }

    /**
     * One training: its job, and once it ended, the predictor or why there is none.
     *
     * @param file where the predictor was saved, relative to the data directory; null before, or when saving failed
     */
    public record Training(String id, Job job, State state, Instant submittedAt, Instant finishedAt,
                           MlpLatencyPredictor predictor, String failure, String file) {
    }

    private record Trained(String id, MlpLatencyPredictor predictor, Throwable failure) implements Command {
    }

    private record Registered(String id, PredictorPool.ModelRegistered registered) implements Command {
    }

    private final ActorRef<PredictorPool.Command> pool;
    private final Path dataDir;
    private final Executor executor;
    private final Map<String, Training> trainings = new LinkedHashMap<>();
    private String running;
    private int started;

    private PredictorTraining(ActorContext<Command> context, ActorRef<PredictorPool.Command> pool, Path dataDir) {
        super(context);
        this.pool = pool;
        this.dataDir = dataDir;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    /**
     * @param pool    serves each predictor once trained
     * @param dataDir datasets are read from it, predictors saved under its {@value #DIRECTORY} directory
     */
    public static Behavior<Command> create(ActorRef<PredictorPool.Command> pool, Path dataDir) {
        return Behaviors.setup(context -> new PredictorTraining(context, pool, dataDir));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Train.class, this::onTrain)
                .onMessage(GetTraining.class, this::onGetTraining)
                .onMessage(ListTrainings.class, this::onListTrainings)
                .onMessage(Trained.class, this::onTrained)
                .onMessage(Registered.class, this::onRegistered)
                .build();
    }

    private Behavior<Command> onTrain(Train request) {
        if (running != null) {
            request.replyTo().tell(new TrainingRefused(true, null, "predictor " + running + " is training; one"
                    + " trains at a time, try again when it has finished"));
            return this;
        }
        Job job = request.job();
        MlpLatencyPredictor base = null;
        if (job.base() != null) {
            Training earlier = trainings.get(job.base());
            if (earlier == null || earlier.predictor() == null) {
                String state = earlier == null ? ""
                        : " (it is " + earlier.state().name().toLowerCase(Locale.ROOT) + ")";
                request.replyTo().tell(new TrainingRefused(false, "base", "no ready predictor trained here has id '"
                        + job.base() + "'" + state + "; fine-tune one that is ready"));
                return this;
            }
            base = earlier.predictor();
        }
        String id = "mlp-" + (++started);
        Training training = new Training(id, job, State.TRAINING, Instant.now(), null, null, null, null);
        trainings.put(id, training);
        running = id;
        MlpLatencyPredictor from = base;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> train(job, from), executor),
                (predictor, failure) -> new Trained(id, predictor, failure));
        getContext().getLog().info("training predictor {} on {} ({} batch {})", id, job.datasetName(), job.hardwareId(),
                job.batchSize());
        request.replyTo().tell(new TrainingStarted(training));
        return this;
    }

    private Behavior<Command> onGetTraining(GetTraining request) {
        request.replyTo().tell(Optional.ofNullable(trainings.get(request.id())));
        return this;
    }

    private Behavior<Command> onListTrainings(ListTrainings request) {
        request.replyTo().tell(List.copyOf(trainings.values()));
        return this;
    }

    private Behavior<Command> onTrained(Trained trained) {
        running = null;
        Training training = trainings.get(trained.id());
        if (trained.failure() != null) {
            String reason = reason(trained.failure());
            getContext().getLog().warn("training predictor {} failed: {}", trained.id(), reason);
            trainings.put(training.id(), new Training(training.id(), training.job(), State.FAILED,
                    training.submittedAt(), Instant.now(), null, reason, null));
            return this;
        }
        String file = save(training.id(), trained.predictor());
        trainings.put(training.id(), new Training(training.id(), training.job(), State.TRAINING,
                training.submittedAt(), null, trained.predictor(), null, file));
        Job job = training.job();
        ActorRef<PredictorPool.ModelRegistered> registered = getContext().messageAdapter(
                PredictorPool.ModelRegistered.class, r -> new Registered(training.id(), r));
        pool.tell(new PredictorPool.RegisterModel(new TrainedModel(training.id(), job.hardwareId(), job.space(),
                trained.predictor()), registered));
        return this;
    }

    private Behavior<Command> onRegistered(Registered registered) {
        Training training = trainings.get(registered.id());
        trainings.put(training.id(), new Training(training.id(), training.job(), State.READY, training.submittedAt(),
                Instant.now(), training.predictor(), null, training.file()));
        getContext().getLog().info("predictor {} is served: {}", training.id(), training.predictor().evaluation());
        return this;
    }

    /** Runs on the blocking dispatcher. */
    private static MlpLatencyPredictor train(Job job, MlpLatencyPredictor base) {
        if (!Files.isRegularFile(job.dataset())) {
            throw new InvalidInputException("dataset", "no dataset file '" + job.datasetName() + "' in the data"
                    + " directory; POST /v1/datasets writes one");
        }
        LatencyDataset rows = DatasetCsv.read(job.dataset(), job.space(), "http").forTarget(job.hardwareId(),
                job.batchSize());
        if (rows.size() < MIN_ROWS) {
            throw new InvalidInputException("dataset", job.datasetName() + " has " + rows.size() + " rows for "
                    + job.hardwareId() + " at batch " + job.batchSize() + "; training needs at least " + MIN_ROWS);
        }
        List<Architecture> archs = new ArrayList<>(rows.size());
        double[] ms = new double[rows.size()];
        for (int i = 0; i < ms.length; i++) {
            LatencyRecord record = rows.get(i);
            archs.add(record.architecture());
            ms[i] = record.latencyMs();
        }
        LatencySamples samples = LatencySamples.of(archs, job.hardwareId(), job.batchSize(), ms)
                .withDatasetHash(rows.contentHash());
        MlpHyperParameters hp = MlpHyperParameters.paper().withEpochs(job.epochs()).withSeed(job.seed());
        SampleSplit split = SampleSplit.random(samples, job.seed());
        return base == null ? new MlpLatencyTrainer(Paper128Encoder.ID, hp).train(split)
                : MlpLatencyTrainer.fineTune(base, split, hp, job.frozenLayers());
    }

    /** Saves a predictor for later use; a failure to save is logged, the predictor still served. */
    private String save(String id, MlpLatencyPredictor predictor) {
        Path file = dataDir.resolve(DIRECTORY).resolve(id + ".zip");
        try {
            Files.createDirectories(file.getParent());
            predictor.save(file);
            return DIRECTORY + "/" + file.getFileName();
        } catch (IOException | RuntimeException e) {
            getContext().getLog().warn("predictor {} could not be saved to {}: {}", id, file, e.toString());
            return null;
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
