package linux.boot;

/*
 * Mirrors the parts of linux-2.6.20 a running machine is seen through from user space: the
 * system calls of the swap and mm subsystem (sys_swapon, sys_swapoff; mmap, munmap, mprotect,
 * fork and exit through the tasks the machine runs) and the /proc files of fs/proc/proc_misc.c,
 * mm/vmstat.c and mm/swapfile.c. Owns one booted kernel.
 */

import java.nio.file.Path;
import linux.init.BootParams;
import linux.init.HostVfs;
import linux.kernel.EmulatorOnly;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.Task;
import linux.mm.page.Vfs;

/**
 * A booted emulated machine: the kernel {@link KernelComponent} assembled from the boot
 * parameters, with the system-call surface a user program (a workload, a demo, a test) drives
 * it through and the /proc files it reads back. Every call returns the kernel's result
 * ({@code 0} or {@code -errno}) and leaves the kernel's messages in its log
 * ({@link KernelComponent#printk()}), as the kernel does; {@link #swaponOrThrow} and
 * {@link #swapoffOrThrow} are the front end's wrappers that turn a refusal into a
 * {@link KernelError} carrying the errno and the path, the way swapon(8) reports it.
 */
public final class Machine {

    /**
     * The least RAM a machine boots with. A real 2.6.20 image alone needs more; here the
     * limit keeps room for the zones' reserves (min_free_kbytes is at least 128K), the page
     * tables and the pages a workload touches before reclaim can help.
     */
    public static final long MIN_RAM = 4L << 20;

    private final KernelComponent kernel;
    private final long bootNanos = System.nanoTime();

    private Machine(KernelComponent kernel) {
        this.kernel = kernel;
    }

    /**
     * Boots a machine: builds the kernel for {@code params} (every named implementation is
     * resolved now, so a bad name or a RAM size too small to hold mem_map fails here).
     *
     * @throws KernelError EINVAL for a bad selection, ENOMEM below {@link #MIN_RAM} of RAM
     */
    @EmulatorOnly("the power switch: start_kernel is KernelComponent.startKernel")
    public static Machine boot(BootParams params) {
        if (params.mem() < MIN_RAM) {
            throw new KernelError(Errno.ENOMEM, "mem=" + (params.mem() >> 10) + "K is too small to boot: a machine needs at least "
                    + (MIN_RAM >> 20) + "M of RAM");
        }
        KernelComponent kernel;
        try {
            kernel = KernelComponent.startKernel(params);
        } catch (IllegalArgumentException e) {
            throw new KernelError(Errno.ENOMEM, "cannot boot with mem=" + (params.mem() >> 10) + "K: " + e.getMessage());
        }
        return new Machine(kernel);
    }

    /** The kernel: its parts, counters and log. */
    @EmulatorOnly("the machine's kernel, for tools and tests that look inside it")
    public KernelComponent kernel() {
        return kernel;
    }

    /**
     * Makes the host file {@code image} a block device of this machine (a partition), as
     * {@code losetup} makes an image {@code /dev/loopN}; swapon of its path then claims it as
     * S_ISBLK.
     */
    @EmulatorOnly("losetup's LOOP_SET_FD, which mmemu has no loop driver for")
    public void loopSetFd(Path image) {
        Vfs vfs = kernel.vfs();
        if (!(vfs instanceof HostVfs host)) {
            throw new KernelError(Errno.ENODEV, "this kernel's VFS has no loop devices");
        }
        host.addBlockDeviceImage(image);
    }

    /** sys_swapon(path, swap_flags): 0 or -errno; the kernel's messages go to its log. */
    @EmulatorOnly("the swapon(2) trap into SwapfileOps.sysSwapon")
    public int sysSwapon(String path, int swapFlags) {
        return kernel.swapfile().sysSwapon(path, swapFlags);
    }

    /** sys_swapoff(path): 0 or -errno. */
    @EmulatorOnly("the swapoff(2) trap into SwapfileOps.sysSwapoff")
    public int sysSwapoff(String path) {
        return kernel.swapfile().sysSwapoff(path);
    }

    /**
     * {@link #sysSwapon} for a front end: throws the refusal's errno with the path, as
     * swapon(8) prints it ({@code swapon: PATH: swapon failed: <strerror>}).
     */
    @EmulatorOnly("the front end's error channel around sys_swapon")
    public void swaponOrThrow(String path, int swapFlags) {
        int err = sysSwapon(path, swapFlags);
        if (err < 0) {
            Errno e = Errno.of(err);
            throw new KernelError(e, path + ": swapon failed: " + (e == null ? "errno " + -err : e.text));
        }
    }

    /** {@link #sysSwapoff} for a front end, as swapoff(8) reports a refusal. */
    @EmulatorOnly("the front end's error channel around sys_swapoff")
    public void swapoffOrThrow(String path) {
        int err = sysSwapoff(path);
        if (err < 0) {
            Errno e = Errno.of(err);
            throw new KernelError(e, path + ": swapoff failed: " + (e == null ? "errno " + -err : e.text));
        }
    }

    // ---- tasks ---------------------------------------------------------------------------

    /**
     * A first process with an empty address space (what exec leaves: mmemu runs no
     * binaries), on the task list.
     */
    @EmulatorOnly("the first user process of a machine that runs no binaries")
    public Task createTask(String comm) {
        return kernel.fork().createTask(comm);
    }

    /** fork(2) of {@code parent}: do_fork without CLONE_VM; the child shares nothing but COW pages and swap entries. */
    @EmulatorOnly("the fork(2) trap into ForkOps.doFork")
    public Task fork(Task parent) {
        return kernel.fork().doFork(parent, 0);
    }

    /** exit(2) of {@code task} with {@code code}, unless it already died of a signal. */
    @EmulatorOnly("the exit(2) trap into ExitOps.doExit")
    public void exit(Task task, int code) {
        if (task.exitState == 0) {
            kernel.exit().doExit(task, code);
        }
    }

    /** When the machine booted, in {@link System#nanoTime()}'s time (vmstat's first line averages since then). */
    @EmulatorOnly("the boot time vmstat's first line averages over")
    public long bootNanos() {
        return bootNanos;
    }

    /** Whether this machine runs in deterministic mode ({@code deterministic=1}). */
    @EmulatorOnly("which scheduler the front end drives the machine with")
    public boolean deterministic() {
        return kernel.bootParams().deterministic();
    }

    /**
     * A point where, in deterministic mode, the kernel's deferred work runs on the calling
     * thread: kswapd, if woken, does one pass of its loop (balance_pgdat). In threaded mode
     * kswapd and the completions have threads of their own and this does nothing.
     */
    @EmulatorOnly("deterministic mode's scheduling point for kswapd")
    public void schedulePoint() {
        if (deterministic()) {
            kernel.vmscan().kswapdRunPending(0);
        }
    }

    /**
     * Halts the machine: kswapd stops (its thread ends), so nothing of this kernel runs
     * any more. The swap areas should have been swapped off before.
     */
    @EmulatorOnly("the power switch: 2.6.20's kswapd runs until the machine stops")
    public void halt() {
        kernel.vmscan().kswapdStop(0);
    }

    /** The figures of {@code /proc/meminfo}, in KiB, by label. */
    @EmulatorOnly("/proc/meminfo's figures for tools that compute with them (vmstat)")
    public java.util.Map<String, Long> meminfo() {
        return ProcMisc.meminfo(kernel);
    }

    /**
     * The I/O requests the machine's disks have completed, reads and writes: the sum of the
     * fourth and eighth fields of /proc/diskstats over the whole disks (each completion is
     * the interrupt its disk raised).
     */
    @EmulatorOnly("the interrupt count vmstat's 'in' column reads, from /proc/diskstats")
    public long completions() {
        long n = 0;
        for (String row : kernel.blockDevices().diskstats()) {
            String[] f = row.trim().split("\\s+");
            if (f.length >= 14) {
                n += Long.parseLong(f[3]) + Long.parseLong(f[7]);
            }
        }
        return n;
    }

    /** {@code /proc/swaps}. */
    @EmulatorOnly("read(2) of /proc/swaps: swap_show is SwapfileOps.procSwaps")
    public String procSwaps() {
        return kernel.swapfile().procSwaps();
    }

    /** {@code /proc/meminfo}. */
    @EmulatorOnly("read(2) of /proc/meminfo: meminfo_read_proc is ProcMisc's")
    public String procMeminfo() {
        return ProcMisc.meminfoReadProc(kernel);
    }

    /** {@code /proc/vmstat}. */
    @EmulatorOnly("read(2) of /proc/vmstat: vmstat_show is Vmstat's")
    public String procVmstat() {
        return kernel.pageAlloc().vmstat().procVmstat();
    }

    /** {@code /proc/zoneinfo}. */
    @EmulatorOnly("read(2) of /proc/zoneinfo: zoneinfo_show is Vmstat's")
    public String procZoneinfo() {
        return kernel.pageAlloc().vmstat().procZoneinfo();
    }
}
