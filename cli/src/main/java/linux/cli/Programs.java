package linux.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import linux.arch.x86.Cpu;
import linux.boot.Machine;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;

/**
 * The user side of a workload: programs that each drive one task in small steps (one page
 * at a time), and the loop that runs them on the machine's CPUs. With N CPUs each CPU is a
 * Java thread running the programs assigned to it round-robin, switching task every
 * {@link #SLICE} steps; in deterministic mode one thread runs every program in a fixed
 * order, CPU after CPU, and lets the machine run its deferred kernel work (kswapd,
 * completions) at each switch.
 */
final class Programs {

    /** Steps a program runs before the CPU switches to its next program. */
    static final int SLICE = 64;

    /** One user program driving {@link #task()}. */
    interface Program {
        /** The task it runs as. */
        Task task();

        /** Runs one step (about one page of work); returns false once the program is done. */
        boolean step();
    }

    /** What the CPUs accounted while running programs, for vmstat's us/sy/wa columns. */
    static final class CpuTimes {
        final AtomicLong user = new AtomicLong();
        final AtomicLong system = new AtomicLong();
        final AtomicLong iowait = new AtomicLong();
        final AtomicLong switches = new AtomicLong();
        /** Tasks on a CPU right now (vmstat's r). */
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    }

    private Programs() {
    }

    /**
     * Runs every program to its end and returns the signals the tasks died of (one entry per
     * task that took a fatal signal, in no particular order).
     */
    static List<Siginfo> runAll(Machine machine, List<Program> programs, CpuTimes times) {
        int nrCpus = machine.kernel().cpus().nrCpus();
        List<List<Program>> perCpu = new ArrayList<>();
        for (int c = 0; c < nrCpus; c++) {
            perCpu.add(new ArrayList<>());
        }
        for (int i = 0; i < programs.size(); i++) {
            perCpu.get(i % nrCpus).add(programs.get(i));
        }
        List<Siginfo> deaths = java.util.Collections.synchronizedList(new ArrayList<>());
        if (machine.deterministic()) {
            List<List<Program>> live = new ArrayList<>();
            for (List<Program> l : perCpu) {
                live.add(new ArrayList<>(l));
            }
            boolean any = true;
            while (any) {
                any = false;
                for (int c = 0; c < nrCpus; c++) {
                    List<Program> mine = live.get(c);
                    if (mine.isEmpty()) {
                        continue;
                    }
                    any = true;
                    Program p = mine.remove(0);
                    if (runSlice(machine.kernel().cpus().cpu(c), p, times, deaths)) {
                        mine.add(p);
                    }
                    machine.schedulePoint();
                }
            }
            return deaths;
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < nrCpus; c++) {
            List<Program> mine = new ArrayList<>(perCpu.get(c));
            if (mine.isEmpty()) {
                continue;
            }
            Cpu cpu = machine.kernel().cpus().cpu(c);
            Thread t = new Thread(() -> {
                try {
                    while (!mine.isEmpty()) {
                        Program p = mine.remove(0);
                        if (runSlice(cpu, p, times, deaths)) {
                            mine.add(p);
                        }
                    }
                } catch (Throwable e) {
                    crashed.add(e);
                }
            }, "cpu" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("run: interrupted");
            }
        }
        if (!crashed.isEmpty()) {
            Throwable first = crashed.get(0);
            if (first instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(first);
        }
        return deaths;
    }

    /**
     * Runs up to {@link #SLICE} steps of {@code p} on {@code cpu}; returns whether it has more
     * to do. A fatal signal ends the program: it is recorded in {@code deaths}.
     */
    private static boolean runSlice(Cpu cpu, Program p, CpuTimes times, List<Siginfo> deaths) {
        Task task = p.task();
        task.contextSwitch(cpu);
        times.switches.incrementAndGet();
        times.running.incrementAndGet();
        try {
            return slice(p, task, times, deaths);
        } finally {
            times.running.decrementAndGet();
        }
    }

    private static boolean slice(Program p, Task task, CpuTimes times, List<Siginfo> deaths) {
        for (int i = 0; i < SLICE; i++) {
            long minor = task.minFlt;
            long major = task.majFlt;
            long t0 = System.nanoTime();
            boolean more;
            try {
                more = p.step();
            } catch (Siginfo sig) {
                deaths.add(sig);
                return false;
            }
            long dt = System.nanoTime() - t0;
            if (task.majFlt != major) {
                times.iowait.addAndGet(dt);
            } else if (task.minFlt != minor) {
                times.system.addAndGet(dt);
            } else {
                times.user.addAndGet(dt);
            }
            if (!more) {
                return false;
            }
        }
        return true;
    }
}
