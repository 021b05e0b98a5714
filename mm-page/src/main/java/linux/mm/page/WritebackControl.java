package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/writeback.h: struct writeback_control and enum
 * writeback_sync_modes. Owns the fields of one writeback request.
 */

import linux.kernel.Mirrors;

/**
 * {@code struct writeback_control}: how a {@code ->writepage} call should behave. vmscan's
 * pageout builds {sync_mode WB_SYNC_NONE, nr_to_write 32, range 0..LLONG_MAX, nonblocking,
 * for_reclaim}; swapoff uses WB_SYNC_NONE; WB_SYNC_ALL makes swap_writepage mark its bio
 * BIO_RW_SYNC. A small mutable struct, one per call, owned by the caller.
 */
@Mirrors("writeback_control")
public final class WritebackControl {

    /** enum writeback_sync_modes. */
    @Mirrors("writeback_sync_modes")
    public enum WritebackSyncModes {
        /** Don't wait on anything: memory cleansing writeback (reclaim, swapoff). */
        WB_SYNC_NONE,
        /** Wait on every mapping: data-integrity writeback. */
        WB_SYNC_ALL,
        /** Hold inode on the dirty list (fs use; unused by swap). */
        WB_SYNC_HOLD
    }

    /** Whether the caller wants the I/O waited for. */
    public WritebackSyncModes syncMode = WritebackSyncModes.WB_SYNC_NONE;

    /** Pages still to write; decremented by writepages implementations. */
    public long nrToWrite;

    /** Pages written-back-refused (redirty_page_for_writepage counts here). */
    public long pagesSkipped;

    /** First byte of the range to write (inclusive). */
    public long rangeStart;

    /** Last byte of the range to write (inclusive); LLONG_MAX for "to the end". */
    public long rangeEnd = Long.MAX_VALUE;

    /** The writer must not block on a congested request queue (reclaim sets this). */
    public boolean nonblocking;

    /** Set by the writer when a queue was congested. */
    public boolean encounteredCongestion;

    /** A kupdate-style periodic writeback. */
    public boolean forKupdate;

    /** Invoked from page reclaim (vmscan's pageout). */
    public boolean forReclaim;

    /** Invoked from do_writepages. */
    public boolean forWritepages;

    /** Range is cyclic (start from where the last writeback stopped). */
    public boolean rangeCyclic;

    /** The control pageout() builds for one reclaim write (vmscan.c). */
    public static WritebackControl forReclaim(long nrToWrite) {
        WritebackControl wbc = new WritebackControl();
        wbc.syncMode = WritebackSyncModes.WB_SYNC_NONE;
        wbc.nrToWrite = nrToWrite;
        wbc.rangeStart = 0;
        wbc.rangeEnd = Long.MAX_VALUE;
        wbc.nonblocking = true;
        wbc.forReclaim = true;
        return wbc;
    }

    /** A control with only the sync mode set, as swapoff and sync writers build it. */
    public static WritebackControl of(WritebackSyncModes mode) {
        WritebackControl wbc = new WritebackControl();
        wbc.syncMode = mode;
        return wbc;
    }

    @Override
    public String toString() {
        return "wbc{" + syncMode + ", nr_to_write=" + nrToWrite + (forReclaim ? ", for_reclaim" : "")
                + (nonblocking ? ", nonblocking" : "") + "}";
    }
}
