package io.streamcast.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Keys with scoring state, counted per key group so the count survives a restore at any
 * parallelism: each subtask checkpoints {@code [keyGroup, count]} pairs as union list state and,
 * on restore, adds up the pairs of the key groups it now owns (Flink moves keyed state by key
 * group, so these are exactly its keys).
 */
final class KeyCount {
    private final int maxParallelism;
    private final long[] byGroup;
    private long total;

    KeyCount(int maxParallelism) {
        this.maxParallelism = maxParallelism;
        this.byGroup = new long[maxParallelism];
    }

    void created(Object key) {
        byGroup[KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism)]++;
        total++;
    }

    void expired(Object key) {
        byGroup[KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism)]--;
        total--;
    }

    long total() {
        return total;
    }

    /** The non-zero groups as {@code [keyGroup, count]} pairs. */
    List<long[]> snapshot() {
        List<long[]> out = new ArrayList<>();
        for (int g = 0; g < byGroup.length; g++) {
            if (byGroup[g] != 0) {
                out.add(new long[] {g, byGroup[g]});
            }
        }
        return out;
    }

    /** Takes the counts of the groups in {@code owned} from every subtask's checkpointed pairs. */
    void restore(Iterable<long[]> pairs, KeyGroupRange owned) {
        for (long[] p : pairs) {
            int group = (int) p[0];
            if (owned.contains(group)) {
                byGroup[group] += p[1];
                total += p[1];
            }
        }
    }
}
