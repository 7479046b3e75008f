package io.streamcast.trainer.cli;

import org.bytedeco.javacpp.Pointer;

/**
 * Ends the process with a clear message once its resident memory passes 3/4 of the machine's.
 * ND4J's arrays live off the heap, and a run that outgrows the machine (a large model or data
 * set) is otherwise killed without a word by the kernel's OOM killer.
 * JavaCPP's own bound ({@code maxphysicalbytes}) does the same but reads the process's size at
 * every native allocation, ~15 % of a DL4J LSTM epoch; sampling once a second costs nothing.
 */
final class ResidentMemoryBound {
    private ResidentMemoryBound() {
    }

    static void watch(String command) {
        long total = Pointer.totalPhysicalBytes();
        if (total <= 0) {
            return; // unknown on this platform
        }
        long bound = total / 4 * 3;
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    long resident = Pointer.physicalBytes();
                    if (resident > bound) {
                        System.err.printf("%s: stopped: resident memory %.1f GB passed 3/4 of this machine's %.1f GB%n",
                                command, resident / 1e9, total / 1e9);
                        System.exit(1);
                    }
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "resident-memory-bound");
        t.setDaemon(true);
        t.start();
    }
}
