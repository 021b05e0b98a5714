package linux.mm.page;

/*
 * Mirrors the NR_WRITEBACK updates (inc_zone_page_state / dec_zone_page_state) that 2.6.20's
 * SetPageWriteback / TestSetPageWriteback / TestClearPageWriteback macros make. Owns no state.
 */


/**
 * Where {@link PageWriteback} reports a page entering or leaving writeback, so the zone
 * counter NR_WRITEBACK (meminfo "Writeback:", throttle_vm_writeout) stays exact. The zone
 * statistics code of this package implements it.
 */
public interface WritebackAccounting {

    /** inc_zone_page_state(page, NR_WRITEBACK): the page's PG_writeback went 0 -> 1. Any thread; must not sleep. */
    void incNrWriteback(Page page);

    /** dec_zone_page_state(page, NR_WRITEBACK): the page's PG_writeback went 1 -> 0. Any thread; must not sleep. */
    void decNrWriteback(Page page);

    /** inc_zone_page_state(page, NR_FILE_DIRTY): a page of a dirty-accounting mapping became dirty. */
    default void incNrFileDirty(Page page) {
    }

    /** dec_zone_page_state(page, NR_FILE_DIRTY): a page of a dirty-accounting mapping was cleaned for I/O. */
    default void decNrFileDirty(Page page) {
    }

    /** Accounting that counts nothing, for tests of the flag logic alone. */
    WritebackAccounting NONE = new WritebackAccounting() {
        @Override
        public void incNrWriteback(Page page) {
        }

        @Override
        public void decNrWriteback(Page page) {
        }
    };
}
