package io.streamcast.job;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Prometheus registry and {@code /metrics} HTTP endpoint per JVM (task manager), shared by
 * every operator instance in it and reference-counted: the first {@link #acquire} starts the
 * server, the last {@link #release} stops it and frees the port, so cancelling and resubmitting a
 * job in the same task manager does not leak the port. A port already taken by another process
 * is logged and metrics stay in memory; the job runs on.
 */
public final class MetricsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private static PrometheusMeterRegistry registry;
    private static HttpServer server;
    private static int users;

    private MetricsEndpoint() {
    }

    public static synchronized PrometheusMeterRegistry acquire(JobConfig.Metrics config) {
        if (users++ == 0) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            if (config.enabled()) {
                server = start(config);
            }
        }
        return registry;
    }

    public static synchronized void release() {
        if (users == 0) {
            return;
        }
        if (--users == 0) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
            registry.close();
            registry = null;
        }
    }

    /** The port the endpoint listens on, or -1 when it does not run. */
    public static synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private static HttpServer start(JobConfig.Metrics config) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
            PrometheusMeterRegistry r = registry;
            s.createContext("/metrics", exchange -> {
                byte[] body = r.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            s.start();
            LOG.info("metrics served at http://{}:{}/metrics", config.bindAddress(), s.getAddress().getPort());
            return s;
        } catch (IOException e) {
            LOG.warn("metrics endpoint not started on {}:{}: {}", config.bindAddress(), config.port(), e.toString());
            return null;
        }
    }
}
