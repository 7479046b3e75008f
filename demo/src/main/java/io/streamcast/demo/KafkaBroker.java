package io.streamcast.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) from Kafka's own
 * jars, run as a child JVM so that it can be stopped and restarted like a real one. Bound to
 * 127.0.0.1 on free ports; data, logs and configuration live in a directory of their own.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private volatile Process process;
    /** Stops the child broker when this JVM is stopped (Ctrl-C, SIGTERM) before {@link #close()}. */
    private final Thread stopOnExit = new Thread(this::stopQuietly, "kafka-broker-stop");

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats storage in {@code dir} and starts the broker; returns when it accepts clients. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        KafkaBroker b = new KafkaBroker(dir, freePort(), freePort());
        b.writeConfig();
        b.run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                b.config().toString()), dir.resolve("format.log"), true);
        Runtime.getRuntime().addShutdownHook(b.stopOnExit);
        b.startProcess();
        return b;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker process (SIGTERM, then kill after 20 s); its data stays. */
    public synchronized void stop() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    /** Starts the broker again on the same ports and data; returns once every partition has a leader. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            awaitLeaders(admin, null);
        }
    }

    /**
     * Waits until every partition of {@code topics} (null: all topics) has a leader that serves it.
     * The metadata names a leader before a restarted broker has loaded the partition, and an
     * idempotent producer whose first batch meets NOT_LEADER_OR_FOLLOWER there can end up retrying
     * with OUT_OF_ORDER_SEQUENCE_NUMBER forever (seen in the ITs on a slow machine; AutoMQ/automq#584
     * shows the same client log). Listing each partition's end offset is answered by the leader
     * itself, so it succeeds only once the partition is really served.
     */
    public static void awaitLeaders(Admin admin, Collection<String> topics) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                Collection<String> names = topics != null ? topics : admin.listTopics().names().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                boolean led = true;
                for (TopicDescription t : admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : t.partitions()) {
                        led &= p.leader() != null && !p.leader().isEmpty();
                        partitions.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
                    }
                }
                if (led) {
                    admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // not ready yet
            }
            Thread.sleep(100);
        }
        throw new IOException("partitions of " + (topics != null ? topics : "the broker") + " are not served after 60 s");
    }

    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            List<NewTopic> list = new ArrayList<>();
            for (String t : topics) {
                list.add(new NewTopic(t, partitions, (short) 1));
            }
            try {
                admin.createTopics(list).all().get(30, TimeUnit.SECONDS);
                awaitLeaders(admin, List.of(topics));
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private void writeConfig() throws IOException {
        Files.writeString(config(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=2",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=24",
                "log.retention.bytes=1073741824",
                "auto.create.topics.enable=false",
                // The log cleaner's dedupe buffer lives on the heap, 128 MB by default: a quarter of
                // this broker's heap, held for its whole life to compact the internal topics. It
                // keeps G1 above its initiating occupancy, so young pauses start concurrent cycles,
                // and those pauses and their remarks (30–72 ms) were the broker's longest in the
                // latency benchmark (docs/BENCHMARKS.md). Kafka's own test brokers use 2 MB.
                "log.cleaner.dedupe.buffer.size=2097152",
                ""));
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.name = file",
                "appender.file.type = File",
                "appender.file.fileName = " + dir.resolve("broker.log"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d %-5p %c{1} - %m%n",
                ""));
    }

    private void startProcess() throws IOException, InterruptedException {
        process = run(List.of("kafka.Kafka", config().toString()), dir.resolve("broker.out"), false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.out"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        stop();
        throw new IOException("Kafka broker did not listen on " + port + " within 60 s; see " + dir.resolve("broker.out"));
    }

    /**
     * A child JVM on this JVM's classpath (which holds Kafka's jars); extra JVM options come from
     * {@code KAFKA_OPTS}, as for Kafka's own scripts (e.g. {@code -Xlog:gc:file=/tmp/broker-gc.log}).
     */
    private Process run(List<String> mainAndArgs, Path output, boolean waitFor) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")));
        String extra = System.getenv("KAFKA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (waitFor) {
            if (p.waitFor() != 0) {
                throw new IOException(mainAndArgs.get(0) + " failed; see " + output);
            }
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
