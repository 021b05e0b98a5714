package linux.mm.vmscan.internal;

import static linux.mm.page.Gfp.GFP_HIGHUSER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import linux.kernel.Current;
import linux.kernel.KernelBug;
import linux.mm.page.OomKillOps;
import linux.mm.page.TaskView;
import linux.mm.page.Zone;
import linux.mm.page.Zonelist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mm/oom_kill.c: badness, select_bad_process, oom_kill_process and out_of_memory's log. */
class OomKillTest {

    private final VmscanMachine m = new VmscanMachine(4, 16);
    private final FakeTasks tasks = new FakeTasks();
    private final OomKill oom = new OomKill(m.log, m.current, tasks, m.pageAlloc, () -> m.swapfile, m.backingDev);
    private final Zonelist zonelist = m.pageAlloc.pgdat().nodeZonelists[Zone.ZONE_HIGHMEM];
    private FakeTasks.Task init;
    private FakeTasks.Task self;

    @BeforeEach
    void someTasks() {
        init = tasks.add(1, "init", 100000);
        tasks.add(2, "kthreadd", -1);
        self = tasks.add(10, "A", 100);
        runsHere(self);
    }

    @AfterEach
    void noLockLeft() {
        assertEquals(0, tasks.tasklistLock().getReadLockCount());
        Current.ThreadInfo ti = m.current.current();
        ti.task = null;
        ti.tifMemdie = false;
    }

    private void runsHere(FakeTasks.Task t) {
        Current.ThreadInfo ti = m.current.current();
        ti.task = t;
        ti.comm = t.comm;
        t.thread = ti;
    }

    private List<String> lines(String prefix) {
        return m.log.lines().stream().filter(l -> l.substring(3).startsWith(prefix)).collect(Collectors.toList());
    }

    // ---- badness --------------------------------------------------------------------------

    @Test
    void badness_totalVmPlusHalfOfEachChildWithItsOwnMm() {
        FakeTasks.Task p = tasks.add(20, "P", 1000);
        tasks.fork(p, 21, "own", 300, false);   // + 300/2 + 1
        tasks.fork(p, 22, "thread", 0, true);   // shares P's mm: nothing
        FakeTasks.Task gone = tasks.fork(p, 23, "zombie", 50, false);
        gone.mm = null;                          // released its mm: nothing

        assertEquals(1000 + 151, oom.badness(p));
    }

    @Test
    void badness_taskInSwapoffScoresUlongMax() {
        self.flags |= Current.PF_SWAPOFF;
        assertEquals(0xFFFFFFFFL, oom.badness(self));
    }

    @Test
    void badness_oomAdjShiftsAndWrapsAt32Bits() {
        FakeTasks.Task t = tasks.add(20, "T", 1000);
        t.oomkilladj = 2;
        assertEquals(4000, oom.badness(t));
        t.oomkilladj = -3;
        assertEquals(125, oom.badness(t));
        t.mm.totalVm = 0x80000000L;
        t.oomkilladj = 1;
        assertEquals(0, oom.badness(t), "unsigned long is 32 bits on i386");
    }

    @Test
    void badness_taskWithoutMmIsZero() {
        assertEquals(0, oom.badness(tasks.tasks.get(1)));
    }

    // ---- out_of_memory --------------------------------------------------------------------

    @Test
    void outOfMemory_killsTheTaskWithTheHighestScoreButNeverInit() {
        tasks.add(11, "B", 500);
        tasks.add(12, "C", 300);

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(List.of("<4>A invoked oom-killer: gfp_mask=0x200d2, order=0, oomkilladj=0"),
                lines("A invoked"));
        assertEquals(List.of("<6>Mem-info:"), lines("Mem-info:"));
        assertEquals(List.of("<6>Free swap:           64kB"), lines("Free swap:"));
        assertEquals(List.of("<6>1024 pages of RAM"), lines("1024 pages of RAM"));
        assertEquals(List.of("<3>Out of memory: kill process 11 (B) score 500 or a child"), lines("Out of memory"));
        assertEquals(List.of("<3>Killed process 11 (B)"), lines("Killed process"));
        assertEquals(List.of("9 11"), tasks.signals);
        assertTrue(tasks.tasks.get(3).tifMemdie);
        assertFalse(self.tifMemdie);
        assertFalse(init.tifMemdie);
    }

    @Test
    void outOfMemory_killsAChildWithItsOwnMemoryFirst() {
        FakeTasks.Task server = tasks.add(20, "server", 400);
        FakeTasks.Task worker = tasks.fork(server, 21, "worker", 300, false);

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        // the parent scores 400 + 151 and is named; its child dies
        assertEquals(List.of("<3>Out of memory: kill process 20 (server) score 551 or a child"), lines("Out of memory"));
        assertEquals(List.of("<3>Killed process 21 (worker)"), lines("Killed process"));
        assertEquals(List.of("9 21"), tasks.signals);
        assertTrue(worker.tifMemdie);
        assertFalse(server.tifMemdie);
    }

    @Test
    void outOfMemory_childWithOomDisableIsSparedAndTheParentDies() {
        FakeTasks.Task server = tasks.add(20, "server", 400);
        tasks.fork(server, 21, "worker", 300, false).oomkilladj = OomKillOps.OOM_DISABLE;

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(List.of("<3>Killed process 20 (server)"), lines("Killed process"));
        assertEquals(List.of("9 20"), tasks.signals);
    }

    @Test
    void outOfMemory_oomDisableTasksAreNeverChosen() {
        tasks.add(11, "B", 500).oomkilladj = OomKillOps.OOM_DISABLE;
        tasks.add(12, "C", 300);

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(List.of("<3>Killed process 12 (C)"), lines("Killed process"));
    }

    @Test
    void outOfMemory_killsNobodyWhileAnEarlierVictimIsDying() {
        tasks.add(11, "B", 500).tifMemdie = true;
        tasks.add(12, "C", 300);

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(1, lines("A invoked oom-killer").size(), "the report is still printed");
        assertEquals(List.of(), lines("Out of memory"));
        assertEquals(List.of(), tasks.signals);
    }

    @Test
    void outOfMemory_waitsForAnotherTaskThatIsExiting() {
        tasks.add(11, "B", 50).flags |= TaskView.PF_EXITING;
        tasks.add(12, "C", 300);

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(List.of(), tasks.signals);
    }

    @Test
    void outOfMemory_exitingCurrentOnlyGetsTheReserves() {
        tasks.add(11, "B", 500);
        self.flags |= TaskView.PF_EXITING;

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        assertEquals(List.of(), lines("Out of memory"), "no alarm for a task already going");
        assertEquals(List.of(), lines("Killed process"));
        assertEquals(List.of("9 10"), tasks.signals);
        assertTrue(self.tifMemdie);
        assertTrue(m.current.current().tifMemdie, "__alloc_pages of this thread may now ignore the watermarks");
    }

    @Test
    void outOfMemory_signalsTheVictimAgainForEachOtherProcessSharingItsMm() {
        FakeTasks.Task b = tasks.add(11, "B", 500);
        FakeTasks.Task clone = tasks.fork(b, 12, "B-clone", 0, true);
        clone.tgid = 12;

        oom.outOfMemory(zonelist, GFP_HIGHUSER, 0);

        // 2.6.20 sends the sharer's SIGKILL to the victim again (force_sig(SIGKILL, p))
        assertEquals(List.of("9 11", "9 11"), tasks.signals);
        assertFalse(clone.tifMemdie);
    }

    @Test
    void outOfMemory_panicsWhenNoTaskCanBeKilled() {
        self.mm = null;

        KernelBug bug = assertThrows(KernelBug.class, () -> oom.outOfMemory(zonelist, GFP_HIGHUSER, 0));

        assertTrue(bug.getMessage().contains("Out of memory and no killable processes..."));
        assertEquals(List.of("<0>Kernel panic - not syncing: Out of memory and no killable processes..."),
                lines("Kernel panic"));
        assertEquals(List.of(), tasks.signals);
    }
}
