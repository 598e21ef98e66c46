package io.latnas.predictor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.latnas.common.InvalidInputException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The single-file form of an {@link MlpLatencyPredictor}: a zip holding {@value #METADATA_ENTRY}
 * (format id and version, provenance, target normaliser, evaluation, loss curve) and
 * {@value #NETWORK_ENTRY} (the network as DL4J's {@code ModelSerializer} writes it, without updater
 * state). Weights are stored as float32 exactly, so a loaded predictor gives bit-identical outputs.
 */
final class PredictorFile {

    static final String FORMAT = "latnas-mlp-predictor";
    static final int VERSION = 1;
    static final String METADATA_ENTRY = "predictor.json";
    static final String NETWORK_ENTRY = "network.zip";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("instant-as-iso-8601")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@value #METADATA_ENTRY} holds. */
    record Metadata(String format, int version, PredictorProvenance provenance, TargetNormaliser normaliser,
                    Evaluation evaluation, LossCurve lossCurve) {
    }

    private PredictorFile() {
    }

    static void write(MlpLatencyPredictor predictor, Path file) throws IOException {
        Metadata metadata = new Metadata(FORMAT, VERSION, predictor.provenance(), predictor.normaliser(),
                predictor.evaluation(), predictor.lossCurve());
        ByteArrayOutputStream network = new ByteArrayOutputStream();
        ModelSerializer.writeModel(predictor.networkCopy(), network, false);

        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
                zip.write(JSON.writeValueAsBytes(metadata));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(NETWORK_ENTRY));
                network.writeTo(zip);
                zip.closeEntry();
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a predictor file.
     *
     * @throws InvalidInputException when the file is missing, is not a predictor file or has an unknown version
     */
    static MlpLatencyPredictor read(Path file) throws IOException {
        byte[] metadataBytes = null;
        byte[] networkBytes = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    metadataBytes = zip.readAllBytes();
                } else if (NETWORK_ENTRY.equals(e.getName())) {
                    networkBytes = zip.readAllBytes();
                }
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("predictor", "predictor file " + file + " does not exist", e);
        }
        if (metadataBytes == null || networkBytes == null) {
            throw new InvalidInputException("predictor", file + " is not a predictor file: it lacks "
                    + (metadataBytes == null ? METADATA_ENTRY : NETWORK_ENTRY));
        }
        Metadata metadata = JSON.readValue(metadataBytes, Metadata.class);
        if (!FORMAT.equals(metadata.format()) || metadata.version() != VERSION) {
            throw new InvalidInputException("predictor", file + " holds format " + metadata.format() + " version "
                    + metadata.version() + "; this build reads " + FORMAT + " version " + VERSION);
        }
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkBytes), false);
        PredictorProvenance provenance = metadata.provenance();
        return new MlpLatencyPredictor(network, Encoders.restore(provenance.encoderId(), provenance.hardwareScaling(),
                provenance.costScaling()),
                metadata.normaliser(), provenance, metadata.evaluation(), metadata.lossCurve());
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Instant.parse(p.getValueAsString());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getValueAsString(), e.getMessage());
            }
        }
    }
}
