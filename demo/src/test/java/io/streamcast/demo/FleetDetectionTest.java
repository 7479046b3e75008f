package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import io.streamcast.job.JobConfigLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's model and the demo's scoring settings on a simulated fleet with injected incidents,
 * replayed offline through the scorer the Flink operator runs: how many incidents are alerted,
 * and how many alerts are false, from each key's first event on (every key is new, as at a
 * job's start).
 */
class FleetDetectionTest {
    @Test
    void theDemoModelAlertsMostIncidentsWithFewFalseAlertsFromTheFirstEventOfEveryKey() throws Exception {
        ModelBundle model = DemoModel.bundle(CellType.LSTM, "1", 6);
        FleetSimulator fleet = new FleetSimulator(20, 0, 60_000, 3, 0.002);
        Map<String, String> demo = new HashMap<>(DemoCommand.SCORING);
        demo.put("model.bundle", "unused"); // required by the loader; the replay scores in this JVM
        ScoringConfig scoring = new JobConfigLoader().load(null, demo).scoring();
        StreamScorer scorer = new StreamScorer(model, scoring, label -> null);
        Map<String, KeyState> keys = new HashMap<>();
        List<DetectionScore.AlertAt> alerts = new ArrayList<>();
        for (int i = 0; i < 20 * 1_500; i++) {
            InputEvent e = fleet.next();
            Outcome o = scorer.score(keys.computeIfAbsent(e.key(), k -> new KeyState()), e);
            if (o.alert() != null) {
                alerts.add(new DetectionScore.AlertAt(e.key(), e.ts()));
            }
        }
        DetectionScore score = DetectionScore.of(fleet.truth(), alerts, 5 * 60_000L);
        System.out.printf("fleet replay: %d incidents, %d alerted; %d alerts, %d inside an incident%n",
                score.incidents(), score.detected(), score.alerts(), score.truePositives());
        Map<String, int[]> byKind = new java.util.TreeMap<>();
        for (Incident inc : fleet.truth()) {
            int[] c = byKind.computeIfAbsent(inc.kind(), k -> new int[2]);
            c[0]++;
            if (alerts.stream().anyMatch(a -> inc.covers(a.key(), a.ts(), 5 * 60_000L))) {
                c[1]++;
            }
        }
        byKind.forEach((k, c) -> System.out.printf("  %s: %d of %d alerted%n", k, c[1], c[0]));
        assertThat(score.incidents()).isGreaterThan(30);
        assertThat(score.recall()).isGreaterThan(0.85);
        assertThat(score.precision()).isGreaterThan(0.8);
    }
}
