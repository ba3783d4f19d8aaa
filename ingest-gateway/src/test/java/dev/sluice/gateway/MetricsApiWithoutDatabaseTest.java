package dev.sluice.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The metrics API of a gateway without {@code sluice.jdbc-url}: parameters are still checked, then a clear 503. */
@GatewayWithoutBroker
class MetricsApiWithoutDatabaseTest {
    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder authorized(String path) {
        return get(path).header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET);
    }

    @Test
    void shouldAnswer503SayingWhatToConfigure() throws Exception {
        for (String path : new String[] {"/api/metrics/operations?operation_type=batch_processing",
                "/api/metrics/summary?hours=2", "/api/crawls/job-1"}) {
            mvc.perform(authorized(path))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.error").value("metrics_unavailable"))
                    .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("sluice.jdbc-url")))
                    .andExpect(header().doesNotExist("Retry-After"));
        }
    }

    @Test
    void shouldNeedTheBearerToken() throws Exception {
        mvc.perform(get("/api/metrics/operations")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("missing_token"));
        mvc.perform(get("/api/crawls/x").header("Authorization", "Bearer wrong")).andExpect(status().isUnauthorized());
    }

    @Nested
    class Parameters {
        @Test
        void shouldRefuseABadValueNamingTheParameter() throws Exception {
            String[][] cases = {
                    {"/api/metrics/operations?hours=0", "hours"},
                    {"/api/metrics/operations?hours=abc", "hours"},
                    {"/api/metrics/operations?limit=1001", "limit"},
                    {"/api/metrics/operations?offset=-1", "offset"},
                    {"/api/metrics/operations?success=maybe", "success"},
                    {"/api/metrics/operations?operation_type=Batch%20Processing", "operation_type"},
                    {"/api/metrics/operations?operation_name=" + "x".repeat(201), "operation_name"},
                    {"/api/metrics/summary?hours=9000", "hours"},
                    {"/api/crawls/" + "j".repeat(513), "jobId"}};
            for (String[] c : cases) {
                mvc.perform(authorized(c[0]))
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.error").value("invalid_parameter"))
                        .andExpect(jsonPath("$.field").value(c[1]));
            }
        }
    }
}
