package dev.troco.kit.problem;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.troco.kit.text.ControlCharacters;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;

/**
 * JSON is read as written, never guessed at: an integer field refuses {@code 10.5} (Jackson would
 * truncate it to 10) and {@code "1000"}; a text field refuses {@code 1000} and {@code true}; a
 * boolean is {@code true} or {@code false}; {@code null} is not a number, nor an element of a list; a key given twice, or
 * anything after the document, is malformed; text holding control characters or unpaired surrogates
 * is refused ({@link ControlCharacters#inText}). Each failure becomes a 400 that names the field
 * ({@link ProblemMappers}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // no list or map of ours holds null: ["PAYIN", null] is a mistake, not an element to skip or crash on
        mapper.setDefaultSetterInfo(JsonSetter.Value.construct(Nulls.DEFAULT, Nulls.FAIL));
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("troco-clean-text").addDeserializer(String.class, new CleanText()));
    }

    /** Reads text as Jackson does, then refuses what {@link ControlCharacters#inText} refuses. */
    static final class CleanText extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING) && p.currentToken() != null && p.currentToken().isScalarValue()
                    && !p.hasToken(JsonToken.VALUE_NULL)) {
                // a number or boolean where text belongs: what the coercion settings above refuse
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = super.deserialize(p, ctxt);
            if (text != null) {
                Optional<String> wrong = ControlCharacters.inText(text);
                if (wrong.isPresent()) {
                    throw InvalidFormatException.from(p, "text may not hold " + wrong.get(), text, String.class);
                }
            }
            return text;
        }
    }
}
