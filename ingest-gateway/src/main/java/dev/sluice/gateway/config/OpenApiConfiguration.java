package dev.sluice.gateway.config;

import dev.sluice.gateway.GatewayApplication;
import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.gateway.web.ApiDocs;
import dev.sluice.gateway.web.ErrorBody;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Objects;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (no authentication): title, the two security schemes, and one rule
 * the controllers' annotations rely on — every 4xx and 5xx answer has the {@link ErrorBody} shape, as
 * {@link dev.sluice.gateway.web.ApiErrors} makes sure, so the annotations give only the status and what it means.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    private static final String ERROR_SCHEMA = "ErrorBody";

    @Bean
    OpenAPI gatewayOpenApi() {
        String version = Objects.requireNonNullElse(GatewayApplication.class.getPackage().getImplementationVersion(),
                "development");
        return new OpenAPI()
                .info(new Info().title("Sluice ingest gateway").version(version)
                        .description("HTTP in, Kafka out: Firecrawl webhooks and the documents API are answered 202 "
                                + "only once Kafka has stored every record; search is proxied to a stream processor. "
                                + "Every error is JSON `{error, message, field?}`."))
                .components(new Components()
                        .addSecuritySchemes(ApiDocs.BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("`Authorization: Bearer <api secret>` (`WEBHOOK_API_SECRET`, "
                                        + "`sluice.gateway.api-secret`)."))
                        .addSecuritySchemes(ApiDocs.SIGNATURE, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name(SignatureVerifier.HEADER)
                                .description("`sha256=<64 hex digits>`: HMAC-SHA256 of the exact body bytes with the "
                                        + "webhook secret (`WEBHOOK_SECRET`, `sluice.gateway.webhook-secret`), as "
                                        + "Firecrawl sends it. Missing → 401, malformed → 400, wrong → 401.")));
    }

    /**
     * Gives every error answer the {@link ErrorBody} schema (springdoc would otherwise repeat the method's success
     * type there).
     */
    @Bean
    OpenApiCustomizer errorBodies() {
        return openApi -> {
            ModelConverters.getInstance().readAll(ErrorBody.class).forEach(openApi.getComponents()::addSchemas);
            Content errorContent = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (operation.getResponses() == null) {
                    return;
                }
                operation.getResponses().forEach((status, response) -> {
                    if (isError(status)) {
                        response.setContent(errorContent);
                    }
                });
            }));
        };
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }
}
