package dev.troco.gateway.rest;

import dev.troco.gateway.security.CallerAddress;
import dev.troco.gateway.service.Authentication;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dashboard log-in: activation of an invited person, login with password and TOTP, logout. */
@Path("/v1/auth")
@Tag(name = "Authentication", description = "People log in with e-mail, password and a TOTP code; API users never can")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final Authentication authentication;
    private final CallerAddress caller;

    AuthResource(Authentication authentication, CallerAddress caller) {
        this.authentication = authentication;
        this.caller = caller;
    }

    public record ActivateRequest(@NotBlank @Size(max = 200) String invitationToken,
            @NotNull @Size(min = 12, max = 128) String password) {
    }

    public record ActivateResponse(String userId, String totpSecret, String otpauthUri, String next) {
    }

    @POST
    @Path("/activate")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"invitationToken": "inv_3q2-Jx...", "password": "correct horse battery staple"}""")))
    @Operation(operationId = "activateAccount", summary = "Activate an invited user",
            description = "Sets the password and enrolls TOTP. The secret and otpauth URI are shown once: add them to an authenticator app, then log in with a code.")
    @APIResponse(responseCode = "200", description = "Activated: the TOTP secret, shown once",
            content = @Content(schema = @Schema(implementation = ActivateResponse.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such invitation, or it expired or was used")
    @APIResponse(responseCode = "429", description = "too many attempts; Retry-After says when")
    public ActivateResponse activate(@Valid @NotNull ActivateRequest request, @Context HttpServerRequest http) {
        Authentication.Enrollment enrollment = authentication.activate(request.invitationToken(), request.password(),
                caller.of(http));
        return new ActivateResponse(enrollment.userId(), enrollment.totpSecret(), enrollment.otpauthUri(),
                "Add the secret to an authenticator app, then POST /v1/auth/login with a current code");
    }

    public record LoginRequest(@NotBlank @Email @Size(max = 254) String email, @NotNull @Size(max = 128) String password,
            @NotBlank @Size(max = 10) String totpCode) {
    }

    public record LoginResponse(String sessionToken, Instant expiresAt, String userId) {
    }

    @POST
    @Path("/login")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"email": "owner@loja.example", "password": "correct horse battery staple", "totpCode": "492039"}""")))
    @Operation(operationId = "logIn",
            summary = "Log in", description = "E-mail, password and a current TOTP code; a code already used is refused.")
    @APIResponse(responseCode = "200", description = "Logged in", content = @Content(schema = @Schema(implementation = LoginResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_credentials: wrong e-mail, password or code")
    @APIResponse(responseCode = "429", description = "too many failed log-ins; Retry-After says when")
    public LoginResponse login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        Authentication.Session session = authentication.login(request.email(), request.password(),
                request.totpCode(), caller.of(http));
        return new LoginResponse(session.token(), session.expiresAt(), session.userId());
    }

    @POST
    @SecurityRequirement(name = ApiSecurity.SESSION)
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "logOut",
            summary = "End the session", description = "No body needed. Live streams of the session close within seconds.")
    @APIResponse(responseCode = "204", description = "The session ended")
    public Response logout(@HeaderParam("Authorization") String authorization) {
        String token = Bearer.token(authorization);
        if (token != null) {
            authentication.logout(token);
        }
        return Response.noContent().build();
    }
}
