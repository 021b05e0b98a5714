package linux.mm.memory.internal;

/*
 * Mirrors linux-2.6.20 arch/i386/mm/fault.c: do_page_fault and force_sig_info_fault (user
 * faults; the vmalloc and kernel-oops paths reduced to what mmemu can meet). Owns no state.
 */

import static linux.arch.x86.PageFault.PF_PROT;
import static linux.arch.x86.PageFault.PF_USER;
import static linux.arch.x86.PageFault.PF_WRITE;
import static linux.mm.page.VmAreaStruct.VM_EXEC;
import static linux.mm.page.VmAreaStruct.VM_GROWSDOWN;
import static linux.mm.page.VmAreaStruct.VM_READ;
import static linux.mm.page.VmAreaStruct.VM_WRITE;

import jakarta.inject.Inject;
import linux.arch.x86.Cpu;
import linux.arch.x86.Cpus;
import linux.arch.x86.PageFault;
import linux.arch.x86.PageFaultHandler;
import linux.arch.x86.Pgtable;
import linux.kernel.Current;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.ExitOps;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;
import linux.mm.page.VmAreaStruct;

/**
 * The page-fault handler of one emulated kernel, installed on every CPU (trap_init's
 * vector 14). It runs on the faulting CPU's thread, for {@code current}: the task that
 * thread runs.
 *
 * <p>A fault the kernel can satisfy returns and the access is restarted. Otherwise the task
 * gets a signal: SIGSEGV (SEGV_MAPERR: no vma; SEGV_ACCERR: the vma forbids the access,
 * which covers PROT_NONE), SIGBUS (BUS_ADRERR: the page's data could not be read, e.g. a
 * failed swap-in), or, when the fault ran out of memory, "VM: killing process" and
 * do_exit(SIGKILL). The signal is left pending in the task and thrown as a {@link Siginfo}
 * out of the load or store, so the caller sees it; no other task is affected.
 *
 * <h2>Locking</h2>
 * Takes the mm's mmap_sem for reading (trylock first, as the kernel does to spot faults
 * from code that already holds it) and releases it before any signal is raised.
 *
 * <p>Differs from 2.6.20: there are no kernel mappings, vm86 mode, kprobes or exception
 * tables in mmemu; a fault the kernel itself takes (no PF_USER) can only be a bug and ends
 * in a {@link KernelBug} after the oops message. There are no saved registers, so the
 * "below %esp" check for stack growth is not made. The OOM path kills the faulting task as
 * 2.6.20 does; out_of_memory (mm/oom_kill.c) is the allocator's business, not this file's.
 */
public final class Fault implements PageFaultHandler {

    /** The i386 trap number of a page fault. */
    static final int TRAP_PF = 14;

    private final Current current;
    private final Printk printk;
    private final MmapOps mmap;
    private final MemoryOps memory;
    private final ExitOps exit;

    /** Builds the handler and installs it on every CPU of {@code cpus}, as trap_init sets the gate. */
    @Inject
    public Fault(Cpus cpus, Current current, Printk printk, MmapOps mmap, MemoryOps memory, ExitOps exit) {
        this.current = current;
        this.printk = printk;
        this.mmap = mmap;
        this.memory = memory;
        this.exit = exit;
        cpus.setPageFaultHandler(this);
    }

    /**
     * force_sig_info_fault(si_signo, si_code, address, tsk): queue the fault signal with its
     * siginfo for the task, then deliver it as the return to user mode would (do_signal):
     * the access that faulted is abandoned with the {@link Siginfo}, after the default
     * action killed the task if it has no handler. Never returns.
     */
    @Mirrors("force_sig_info_fault")
    private static RuntimeException forceSigInfoFault(int siSigno, int siCode, long address, Task tsk) {
        tsk.forceSigInfo(new Siginfo(tsk, siSigno, siCode, address));
        tsk.doSignal();
        throw new KernelBug("do_signal returned with " + Siginfo.name(siSigno) + " pending for " + tsk);
    }

    @Override
    @Mirrors("do_page_fault")
    public void doPageFault(Cpu cpu, long address, int errorCode) {
        Object t = current.current().task;
        Task tsk = t instanceof Task task ? task : null;
        int siCode = Siginfo.SEGV_MAPERR;

        // Kernel space: there are no vmalloc mappings to sync in mmemu.
        if (address >= Pgtable.TASK_SIZE) {
            badAreaNosemaphore(tsk, address, errorCode, siCode);
            return;
        }
        MmStruct mm = tsk != null ? tsk.mm : null;
        // In an interrupt, or without a user context, the fault must not be taken.
        if (current.inInterrupt() || mm == null) {
            badAreaNosemaphore(tsk, address, errorCode, siCode);
            return;
        }
        // A kernel fault with mmap_sem already held would deadlock here; only user faults
        // and known kernel accesses may wait for it (mmemu has no exception table).
        if (!mm.mmapSem.readLock().tryLock()) {
            if ((errorCode & PF_USER) == 0) {
                badAreaNosemaphore(tsk, address, errorCode, siCode);
                return;
            }
            mm.mmapSem.readLock().lock();
        }

        boolean locked = true;
        try {
            VmAreaStruct vma = mmap.findVma(mm, address);
            if (vma == null) {
                locked = badArea(mm);
                badAreaNosemaphore(tsk, address, errorCode, siCode);
                return;
            }
            if (vma.vmStart > address) {
                if ((vma.vmFlags & VM_GROWSDOWN) == 0 || mmap.expandStack(vma, address) != 0) {
                    locked = badArea(mm);
                    badAreaNosemaphore(tsk, address, errorCode, siCode);
                    return;
                }
            }
            // A good vma for the address: does it allow the access?
            siCode = Siginfo.SEGV_ACCERR;
            int write = 0;
            switch (errorCode & (PF_PROT | PF_WRITE)) {
                case PF_PROT | PF_WRITE:
                case PF_WRITE:
                    // Write, present or not.
                    if ((vma.vmFlags & VM_WRITE) == 0) {
                        locked = badArea(mm);
                        badAreaNosemaphore(tsk, address, errorCode, siCode);
                        return;
                    }
                    write++;
                    break;
                case PF_PROT:
                    // Read of a present page: a protection fault reads cannot have.
                    locked = badArea(mm);
                    badAreaNosemaphore(tsk, address, errorCode, siCode);
                    return;
                default:
                    // Read of a page that is not present.
                    if ((vma.vmFlags & (VM_READ | VM_EXEC | VM_WRITE)) == 0) {
                        locked = badArea(mm);
                        badAreaNosemaphore(tsk, address, errorCode, siCode);
                        return;
                    }
                    break;
            }
            for (;;) {
                // Whatever happens, the fault must end, never be redone forever.
                int ret = memory.handleMmFault(mm, vma, address, write);
                switch (ret) {
                    case MemoryOps.VM_FAULT_MINOR:
                        tsk.minFlt++;
                        return;
                    case MemoryOps.VM_FAULT_MAJOR:
                        tsk.majFlt++;
                        return;
                    case MemoryOps.VM_FAULT_SIGBUS:
                        mm.mmapSem.readLock().unlock();
                        locked = false;
                        doSigbus(tsk, address, errorCode);
                        return;
                    case MemoryOps.VM_FAULT_OOM:
                        mm.mmapSem.readLock().unlock();
                        locked = false;
                        if (isInit(tsk)) {
                            // init is never killed: wait for memory and try again.
                            Thread.yield();
                            mm.mmapSem.readLock().lock();
                            locked = true;
                            continue;
                        }
                        outOfMemory(tsk, address, errorCode);
                        return;
                    default:
                        throw new KernelBug("do_page_fault: handle_mm_fault returned " + ret);
                }
            }
        } finally {
            if (locked) {
                mm.mmapSem.readLock().unlock();
            }
        }
    }

    /** The bad_area label: up_read(&mm->mmap_sem). Returns the new "locked" state (false). */
    private static boolean badArea(MmStruct mm) {
        mm.mmapSem.readLock().unlock();
        return false;
    }

    /**
     * bad_area_nosemaphore: a user access outside the map, or one the map forbids, is a
     * SIGSEGV for the task (the cr2 it sees, and its error code, with the protection bit
     * set for kernel addresses). A kernel access goes on to no_context.
     */
    private void badAreaNosemaphore(Task tsk, long address, int errorCode, int siCode) {
        if ((errorCode & PF_USER) != 0 && tsk != null) {
            tsk.thread.cr2 = address;
            tsk.thread.errorCode = errorCode | (address >= Pgtable.TASK_SIZE ? PF_PROT : 0);
            tsk.thread.trapNo = TRAP_PF;
            throw forceSigInfoFault(Siginfo.SIGSEGV, siCode, address, tsk);
        }
        noContext(tsk, address, errorCode);
    }

    /**
     * no_context: the kernel itself faulted and no exception-table fixup applies: the oops
     * ("BUG: unable to handle kernel paging request" / "NULL pointer dereference"), then
     * die.
     */
    private void noContext(Task tsk, long address, int errorCode) {
        String what = address < linux.arch.x86.PageGeometry.PAGE_SIZE ? "BUG: unable to handle kernel NULL pointer dereference"
                : "BUG: unable to handle kernel paging request";
        printk.printk(Printk.KERN_ALERT, String.format("%s at virtual address %08x", what, address));
        if (tsk != null) {
            tsk.thread.cr2 = address;
            tsk.thread.trapNo = TRAP_PF;
            tsk.thread.errorCode = errorCode;
        }
        throw new KernelBug("Oops: " + PageFault.describe(address, errorCode) + (tsk != null ? " in " + tsk : ""));
    }

    /**
     * out_of_memory label: the fault could get no memory. init waits and retries (above);
     * any other task is killed: "VM: killing process %s", then do_exit(SIGKILL) for a user
     * fault. mmap_sem is already released.
     */
    private void outOfMemory(Task tsk, long address, int errorCode) {
        printk.printk(Printk.KERN_WARNING, "VM: killing process " + tsk.comm);
        if ((errorCode & PF_USER) != 0) {
            exit.doExit(tsk, Siginfo.SIGKILL);
            // do_exit does not return in the kernel: the access is abandoned here.
            throw new Siginfo(tsk, Siginfo.SIGKILL, Siginfo.SI_KERNEL, address);
        }
        noContext(tsk, address, errorCode);
    }

    /** do_sigbus label: a user fault whose page cannot be had is a SIGBUS (BUS_ADRERR). */
    private void doSigbus(Task tsk, long address, int errorCode) {
        // Kernel mode: exception fixup or die.
        if ((errorCode & PF_USER) == 0) {
            noContext(tsk, address, errorCode);
        }
        tsk.thread.cr2 = address;
        tsk.thread.errorCode = errorCode;
        tsk.thread.trapNo = TRAP_PF;
        throw forceSigInfoFault(Siginfo.SIGBUS, Siginfo.BUS_ADRERR, address, tsk);
    }

    /** is_init(tsk): the task is pid 1. */
    @Mirrors("is_init")
    private static boolean isInit(Task tsk) {
        return tsk.pid == 1;
    }
}
