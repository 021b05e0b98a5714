package linux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmemu run}: its argument contract and what it leaves behind. */
class RunCommandTest {

    @TempDir
    Path dir;

    /** {@code mmemu run args...}: exit status 2, nothing on stdout, one line on stderr, no stack trace. */
    static void assertUsageError(String expectedStart, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        String[] r = MmemuTest.run(all);
        assertEquals("2", r[0], String.join(" ", all) + " -> " + r[2]);
        assertEquals("", r[1], String.join(" ", all));
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith("mmemu: run: " + expectedStart), r[2]);
        assertFalse(r[2].contains("Exception"), r[2]);
    }

    @Test
    void run_badArgumentsAreOneLineWithExitTwo() {
        assertUsageError("unknown workload 'bogus' (known: touch, fork-share, none)", "--workload", "bogus");
        assertUsageError("--cpus 0: must be between 1 and 8", "--cpus", "0");
        assertUsageError("--cpus 9: must be between 1 and 8", "--cpus", "9");
        assertUsageError("--swappiness 101: must be between 0 and 100", "--swappiness", "101");
        assertUsageError("--swappiness -1: must be between 0 and 100", "--swappiness", "-1");
        assertUsageError("--mem: invalid size '64Q'", "--mem", "64Q");
        assertUsageError("--size: invalid size '-5M'", "--size", "-5M");
        assertUsageError("--mem 1000: must be a positive whole number of 4K pages", "--mem", "1000");
        assertUsageError("--size 0: must be a positive whole number of 4K pages", "--size", "0");
        assertUsageError("mem=40K is too small to boot", "--mem", "40K", "--workload", "none");
        assertUsageError("--swap ,size=1M: needs a path", "--swap", ",size=1M");
        assertUsageError("--swap x,prio=high: prio=high is not a number", "--swap", "x,prio=high");
        assertUsageError("--swap x,type=disk: type must be file or partition", "--swap", "x,type=disk");
        assertUsageError("--swap x,colour=red: unknown setting 'colour'", "--swap", "x,colour=red");
        assertUsageError("--swap size: invalid size 'lots'", "--swap", "x,size=lots");
        assertUsageError("--vmstat -1: must not be negative", "--vmstat", "-1");
        assertUsageError("--procs 0: needs at least one task", "--procs", "0");
    }

    @Test
    void run_swapPathInAMissingDirectoryOrADirectoryIsAUsageErrorThatCreatesNothing() throws IOException {
        Path missing = dir.resolve("no/such/dir/swap");
        assertUsageError("--swap " + missing + ": directory " + missing.getParent() + " does not exist",
                "--swap", missing + ",size=1M", "--workload", "none");
        assertUsageError("--swap " + dir + ": is a directory", "--swap", dir.toString(), "--workload", "none");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing left behind");
        }
    }

    @Test
    void run_missingSwapWithoutSizeIsSwaponsEnoent() {
        Path missing = dir.resolve("absent");
        String[] r = MmemuTest.run("run", "--swap", missing.toString(), "--workload", "none");
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].endsWith("swapon: " + missing + ": swapon failed: No such file or directory\n"), r[2]);
        assertFalse(Files.exists(missing));
    }

    @Test
    void run_sameFileTwiceIsEbusyAfterTheKernelsLines() {
        Path swap = dir.resolve("swap");
        String[] r = MmemuTest.run("run", "--swap", swap + ",size=4M", "--swap", swap.toString(), "--workload", "none");
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].endsWith("swapon: " + swap + ": swapon failed: Device or resource busy\n"), r[2]);
        assertEquals("", r[1], "nothing ran");
    }

    @Test
    void run_thirtyThirdAreaIsEperm() {
        String[] args = new String[2 * 33 + 3];
        args[0] = "run";
        for (int i = 0; i < 33; i++) {
            args[1 + 2 * i] = "--swap";
            args[2 + 2 * i] = dir.resolve("s" + i) + ",size=40K";
        }
        args[67] = "--workload";
        args[68] = "none";
        String[] r = MmemuTest.run(args);
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].endsWith("swapon: " + dir.resolve("s32") + ": swapon failed: Operation not permitted\n"), r[2]);
    }

    @Test
    void run_workloadNonePrintsTheProcBlocksAndLeavesNoTemporarySwap() throws IOException {
        String[] r = MmemuTest.run("run", "--workload", "none", "--mem", "16M");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.startsWith("==> /proc/swaps <==\nFilename\t\t\t\tType\t\tSize\tUsed\tPriority\n"), out);
        int swaps = out.indexOf("==> /proc/swaps <==");
        int meminfo = out.indexOf("==> /proc/meminfo <==\nMemTotal:");
        int vmstat = out.indexOf("==> /proc/vmstat <==\nnr_anon_pages ");
        assertTrue(swaps < meminfo && meminfo < vmstat, out);
        assertTrue(out.contains("file\t\t262136\t0\t-1\n"), "the default 256M swap file: " + out);
        assertTrue(out.contains("\nverify: pages=0 mismatches=0 sigbus=0\n"), out);
        assertTrue(out.contains("\nelapsed="), out);
        String swapPath = out.lines().skip(2).findFirst().orElseThrow().split(" ")[0];
        assertFalse(Files.exists(Path.of(swapPath)), swapPath + " removed");
        assertFalse(Files.exists(Path.of(swapPath).getParent()), "its temporary directory too");
    }

    /** The counter {@code name} of the /proc/vmstat block of a run's output. */
    static long vmstat(String out, String name) {
        int at = out.indexOf("==> /proc/vmstat <==\n");
        return out.substring(at).lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing: " + out));
    }

    /** A touch run three times larger than RAM: it swaps both ways, verifies every page, exits 0. */
    private String touchRun(String... extra) {
        String[] args = Stream.concat(Stream.of("run", "--mem", "8M", "--size", "24M", "--passes", "1", "--vmstat", "0",
                "--swap", dir.resolve("swap" + System.nanoTime()) + ",size=48M"), Stream.of(extra)).toArray(String[]::new);
        String[] r = MmemuTest.run(args);
        String cmd = String.join(" ", args);
        assertEquals("0", r[0], cmd + " -> " + r[2] + r[1]);
        String out = r[1];
        assertTrue(out.contains("\nverify: pages=6144 mismatches=0 sigbus=0\n"), cmd + ": " + out);
        assertTrue(vmstat(out, "pswpout") > 0, cmd + " swaps out");
        assertTrue(vmstat(out, "pswpin") > 0, cmd + " swaps in");
        return out;
    }

    @Test
    void run_touchLargerThanRamSwapsAndVerifiesOnOneCpu() {
        String out = touchRun();
        assertTrue(vmstat(out, "pageoutrun") > 0, "kswapd ran: " + out);
    }

    @Test
    void run_touchOnTwoCpusWithPaeAndDirectIo() {
        String out = touchRun("--cpus", "2", "--procs", "2", "--pae", "--direct-io");
        assertTrue(vmstat(out, "pageoutrun") > 0, "kswapd ran: " + out);
        assertTrue(vmstat(out, "allocstall") > 0, "direct reclaim ran: " + out);
    }

    @Test
    void run_deterministicTwiceWithTheSameSeedPrintsTheSameVmstat() {
        String a = touchRun("--deterministic", "--seed", "7", "--cpus", "2", "--procs", "2");
        String b = touchRun("--deterministic", "--seed", "7", "--cpus", "2", "--procs", "2");
        String va = a.substring(a.indexOf("==> /proc/vmstat <==")
        , a.indexOf("\nverify:"));
        String vb = b.substring(b.indexOf("==> /proc/vmstat <=="), b.indexOf("\nverify:"));
        assertEquals(va, vb);
        assertTrue(vmstat(a, "pageoutrun") > 0, "kswapd ran at scheduling points: " + a);
    }

    @Test
    void run_forkShareVerifiesEveryView() {
        String[] r = MmemuTest.run("run", "--mem", "8M", "--workload", "fork-share", "--size", "12M", "--children", "2",
                "--vmstat", "0", "--swap", dir.resolve("fs") + ",size=48M");
        assertEquals("0", r[0], r[2] + r[1]);
        assertTrue(r[1].contains(" mismatches=0 sigbus=0\n"), r[1]);
        assertTrue(vmstat(r[1], "pswpout") > 0, r[1]);
    }

    @Test
    void run_usesAUtilLinuxMkswapFileAndListsItWithItsSize() throws Exception {
        Path mkswap = Stream.of("/sbin/mkswap", "/usr/sbin/mkswap", "/usr/bin/mkswap").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(mkswap != null, "util-linux mkswap is not installed: skipped");
        Path swap = dir.resolve("ul-swap");
        try (var f = new java.io.RandomAccessFile(swap.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        Files.setPosixFilePermissions(swap, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Process p = new ProcessBuilder(mkswap.toString(), swap.toString()).redirectErrorStream(true).start();
        String mk = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), mk);
        String[] r = MmemuTest.run("run", "--workload", "none", "--mem", "8M", "--swap", swap.toString());
        assertEquals("0", r[0], r[2]);
        // 16 MiB = 4096 pages, last_page 4095; 2.6.20 counts last_page minus the header page
        // as good pages (the last one is never used): 4094 pages = 16376 kB
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith(swap.toString()) && l.matches("\\S+ +file\t\t16376\t0\t-1")), r[1]);
    }
}
