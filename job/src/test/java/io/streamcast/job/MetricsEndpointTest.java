package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void sharedByInstancesAndPortFreedWhenTheLastOneCloses() throws Exception {
        int port = freePort();
        JobConfig.Metrics config = new JobConfig.Metrics(true, "127.0.0.1", port, java.util.List.of());
        for (int run = 0; run < 2; run++) { // a job cancelled and resubmitted in the same JVM
            PrometheusMeterRegistry a = MetricsEndpoint.acquire(config);
            PrometheusMeterRegistry b = MetricsEndpoint.acquire(config);
            assertThat(b).isSameAs(a);
            JobMetrics m1 = new JobMetrics(a);
            JobMetrics m2 = new JobMetrics(b);
            m1.keys(1);
            m2.keys(1);
            m1.eventsIn.increment();
            m1.serving(java.util.Set.of("pumps:3"));
            String body = scrape(port);
            assertThat(body).contains("streamcast_keys 2.0", "streamcast_events_in_total 1.0",
                    "streamcast_model_info{model=\"pumps\",version=\"3\"} 1", "streamcast_inference_seconds_bucket");
            m1.close();
            MetricsEndpoint.release();
            assertThat(scrape(port)).contains("streamcast_keys 1.0");
            m2.close();
            MetricsEndpoint.release();
            assertThat(MetricsEndpoint.port()).isEqualTo(-1);
            try (ServerSocket rebind = new ServerSocket(port, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertThat(rebind.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
