/**
 * Mirrors linux-2.6.20 {@code mm/page_io.c}: building swap bios and their completions.
 */
module linux.mm.pageio {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
