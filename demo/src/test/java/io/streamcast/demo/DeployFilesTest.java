package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keeps the deployment files honest: the compose file validates, Prometheus accepts its
 * configuration and rules, the Grafana dashboard is well formed. The validators come from Debian
 * packages that .ci/run installs; on a machine without them these tests are skipped, never in CI.
 */
class DeployFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String run(String... cmd) throws IOException, InterruptedException {
        boolean present = Files.isExecutable(Path.of("/usr/bin", cmd[0])) || Files.isExecutable(Path.of("/usr/local/bin", cmd[0]));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, cmd[0] + " is not installed (.ci/run installs it)");
        }
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(cmd[0] + " finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void composeFileValidates() throws Exception {
        run("docker-compose", "-f", "docker-compose.yml", "config", "-q");
    }

    @Test
    void prometheusConfigAndRulesValidate() throws Exception {
        run("promtool", "check", "config", "deploy/prometheus/prometheus.yml");
        assertThat(run("promtool", "check", "rules", "deploy/prometheus/rules.yml")).contains("SUCCESS: 6 rules found");
    }

    @Test
    void dashboardIsWellFormed() throws Exception {
        JsonNode d = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/streamcast.json").toFile());
        assertThat(d.get("uid").asText()).isEqualTo("streamcast");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("prometheus");
            assertThat(panel.get("targets")).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                assertThat(t.get("expr").asText()).as(panel.get("title").asText()).isNotBlank();
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
        assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")))
                .contains("uid: prometheus");
    }

    /** The Kubernetes manifest names the job's entry class and the jar the Dockerfile installs. */
    @Test
    void kubernetesDeploymentPointsAtTheBuiltJob() throws Exception {
        String k8s = Files.readString(ROOT.resolve("deploy/kubernetes/flinkdeployment.yaml"));
        String docker = Files.readString(ROOT.resolve("Dockerfile"));
        for (String s : List.of("entryClass: io.streamcast.job.StreamcastJob", "upgradeMode: savepoint",
                "jarURI: local:///opt/flink/usrlib/streamcast.jar", "high-availability.type: kubernetes")) {
            assertThat(k8s).contains(s);
        }
        assertThat(docker).contains("/opt/flink/usrlib/streamcast.jar");
        assertThat(Files.exists(ROOT.resolve("job/src/main/java/io/streamcast/job/StreamcastJob.java"))).isTrue();
    }
}
