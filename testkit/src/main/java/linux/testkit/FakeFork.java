package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import linux.mm.page.ForkOps;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.VmAreaStruct;

/**
 * kernel/fork.c's mm part for the test kernels of the files below it: reference counting of
 * {@code mm_users} / {@code mm_count} is real, and the last {@link #mmput} takes the mm off
 * the mmlist ring as the real one does; nothing is unmapped (no exit_mmap, no page tables
 * freed). {@link #dupMm} copies the vma list, linking each copy on its anon_vma as
 * anon_vma_link does, but no ptes.
 *
 * <p>Records every mm whose last user went away, in order.
 */
@Singleton
public final class FakeFork implements ForkOps {

    private final MmList mmList;

    /** The mms whose last user {@link #mmput} dropped. */
    public final List<MmStruct> exited = new CopyOnWriteArrayList<>();

    @Inject
    public FakeFork(MmList mmList) {
        this.mmList = mmList;
    }

    @Override
    public MmStruct dupMm(MmStruct oldmm) {
        MmStruct mm = new MmStruct(oldmm.name + "-child");
        oldmm.mmapSem.writeLock().lock();
        try {
            VmAreaStruct prev = null;
            for (VmAreaStruct v = oldmm.mmap; v != null; v = v.vmNext) {
                VmAreaStruct copy = new VmAreaStruct(mm, v.vmStart, v.vmEnd, v.vmFlags & ~VmAreaStruct.VM_LOCKED,
                        v.vmPageProt, v.vmPgoff);
                copy.anonVma = v.anonVma;
                if (copy.anonVma != null) {
                    copy.anonVma.lock.lock();
                    try {
                        copy.anonVma.listAddTail(copy);
                    } finally {
                        copy.anonVma.lock.unlock();
                    }
                }
                copy.vmMapping = v.vmMapping;
                if (prev == null) {
                    mm.mmap = copy;
                } else {
                    prev.vmNext = copy;
                }
                prev = copy;
                mm.mapCount++;
            }
        } finally {
            oldmm.mmapSem.writeLock().unlock();
        }
        return mm;
    }

    @Override
    public void mmput(MmStruct mm) {
        if (mm.mmUsers.decrementAndGet() == 0) {
            mmList.mmlistLock.lock();
            try {
                mmList.listDelInit(mm);
            } finally {
                mmList.mmlistLock.unlock();
            }
            exited.add(mm);
            mmdrop(mm);
        }
    }

    @Override
    public void mmdrop(MmStruct mm) {
        mm.mmCount.decrementAndGet();
    }
}
