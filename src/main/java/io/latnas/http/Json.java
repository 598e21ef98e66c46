package io.latnas.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.latnas.common.InvalidInputException;
import io.latnas.http.dto.ApiError;
import io.latnas.http.dto.MissingFieldException;
import io.latnas.space.InvalidArchitectureException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * JSON in and out. Reading is strict, since a lenient reader turns a typo into a silently different
 * request: unknown fields, duplicate keys, trailing content, strings for numbers, numbers for strings
 * and fractions for integers are all refused, each as an {@link ApiException} naming the field.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    static {
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            MAPPER.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            MAPPER.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a request body as {@code type}, letting the record check its own fields.
     *
     * @throws ApiException naming the field and what is wrong with it
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (isBlank(body)) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body is empty; send a JSON object");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (MismatchedInputException e) {
            throw mismatched(e);
        } catch (StreamReadException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body could not be read as JSON: "
                    + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body is empty; send a JSON object");
        }
        if (!tree.isObject()) {
            throw new ApiException(ErrorCode.WRONG_TYPE, null, "the request body must be a JSON object"
                    + (tree.isNull() ? ", not null" : "; got " + tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        // Unknown fields first: a misspelt field otherwise shows up as the real one missing.
        checkFields(tree, type);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            throw fromInstantiation(e);
        } catch (UnrecognizedPropertyException e) {
            throw unknownField(e);
        } catch (MismatchedInputException e) {
            throw mismatched(e);
        } catch (DatabindException e) {
            throw wrongValue(e);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body could not be read as JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static void checkFields(JsonNode tree, Class<?> type) {
        if (!type.isRecord()) {
            return;
        }
        Set<String> known = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            known.add(component.getName());
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, name, "unknown field '" + name + "'; known: "
                        + String.join(", ", known));
            }
        }
    }

    /** {@code body} as JSON bytes. */
    public static byte[] write(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON response. */
    public static HttpResponse response(StatusCode status, Object body) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, write(body)));
    }

    /** A JSON response with extra headers. */
    public static HttpResponse response(StatusCode status, Object body, Collection<HttpHeader> headers) {
        return response(status, body).addHeaders(headers);
    }

    /** The error body of {@code e}, with Retry-After when its code is worth retrying. */
    public static HttpResponse error(ApiException e, Duration retryAfter) {
        return error(e.code(), e.body(), retryAfter);
    }

    public static HttpResponse error(ErrorCode code, ApiError body, Duration retryAfter) {
        HttpResponse response = response(code.status(), body);
        if (code.retryable()) {
            response = response.addHeader(RetryAfter.create(Math.max(1, retryAfter.toSeconds())));
        }
        return response;
    }

    /** The error code an input failure reads as. */
    public static ApiException fromInvalidInput(InvalidInputException e) {
        ErrorCode code = e instanceof MissingFieldException ? ErrorCode.MISSING_FIELD
                : e instanceof InvalidArchitectureException ? ErrorCode.INVALID_ARCHITECTURE
                : ErrorCode.INVALID_VALUE;
        return new ApiException(code, e.field(), e.getMessage());
    }

    private static ApiException fromInstantiation(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidInputException invalid) {
            return fromInvalidInput(invalid);
        }
        return new ApiException(ErrorCode.INVALID_VALUE, path(e), "the request body could not be read: "
                + (cause == null ? e.getOriginalMessage() : cause.getMessage()));
    }

    private static ApiException unknownField(UnrecognizedPropertyException e) {
        Collection<Object> known = e.getKnownPropertyIds();
        String knownList = known == null ? "" : known.stream().map(Object::toString).sorted()
                .collect(Collectors.joining(", "));
        return new ApiException(ErrorCode.UNKNOWN_FIELD, path(e), "unknown field '" + e.getPropertyName() + "'"
                + (knownList.isEmpty() ? "" : "; known: " + knownList));
    }

    private static ApiException mismatched(MismatchedInputException e) {
        String field = path(e);
        if (field == null && e.getOriginalMessage() != null && e.getOriginalMessage().contains("Trailing token")) {
            return new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body has content after its JSON"
                    + " value; send exactly one JSON object");
        }
        String expected = describe(e.getTargetType());
        if (field == null) {
            return new ApiException(ErrorCode.WRONG_TYPE, null, "the request body must be " + expected);
        }
        String got = e instanceof InvalidFormatException invalid && invalid.getValue() != null
                ? "; got " + quoted(invalid.getValue()) : "";
        return new ApiException(ErrorCode.WRONG_TYPE, field, field + " must be " + expected + got);
    }

    private static ApiException wrongValue(DatabindException e) {
        String field = e instanceof JsonMappingException m ? path(m) : null;
        if (e.getCause() instanceof InputCoercionException coercion) {
            return new ApiException(ErrorCode.WRONG_TYPE, field, (field == null ? "a number" : field)
                    + " is out of range: " + coercion.getOriginalMessage());
        }
        return new ApiException(ErrorCode.WRONG_TYPE, field, (field == null ? "the request body" : field)
                + " could not be read: " + e.getOriginalMessage());
    }

    private static ApiException malformed(StreamReadException e) {
        if (e instanceof InputCoercionException coercion) {
            return new ApiException(ErrorCode.WRONG_TYPE, null, "a number is out of range: "
                    + coercion.getOriginalMessage());
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        String what = e.getOriginalMessage();
        int marker = what.indexOf(" (start marker at");
        return new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body is not valid JSON" + where + ": "
                + (marker > 0 ? what.substring(0, marker) : what));
    }

    /** The failing location as {@code archs[2].ks}, or {@code null} for the body itself. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        return "a JSON object";
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
