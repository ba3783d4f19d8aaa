package dev.sluice.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole gateway behind MockMvc, with a broker address where nothing listens: for tests of what is answered
 * before anything would be stored or forwarded. One annotation, so that the test classes share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "sluice.gateway.webhook-secret=" + GatewayHttpTest.WEBHOOK_SECRET,
        "sluice.gateway.api-secret=" + GatewayHttpTest.API_SECRET,
        "sluice.gateway.bootstrap-servers=127.0.0.1:1",
        "sluice.gateway.max-body-size=64KB",
        "sluice.gateway.max-documents-per-request=3"})
@AutoConfigureMockMvc
@interface GatewayWithoutBroker {}
