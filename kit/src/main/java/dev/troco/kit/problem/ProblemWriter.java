package dev.troco.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem documents and their responses, the same way for every failure. */
@ApplicationScoped
public class ProblemWriter {

    private final ObjectMapper mapper;

    ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Problem problem(ProblemCode code, String detail, String instance, String requestId,
            List<Problem.FieldError> errors) {
        return new Problem(code.type(), code.title(), code.status(), detail, instance, code.code(), requestId,
                errors == null || errors.isEmpty() ? null : errors);
    }

    public Response response(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(RequestIds.HEADER, problem.requestId())
                .entity(json(problem))
                .build();
    }

    public String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }
}
