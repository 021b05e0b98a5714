/**
 * Mirrors linux-2.6.20 {@code init/main.c}'s command line ({@code parse_args}) and the
 * parts every kernel is assembled from below the mm files: the Dagger modules that build
 * the base (log, {@code current}, tracer), the hardware (RAM, CPUs, the page-table format
 * chosen by name), the block layer, the shared headers' state (swapper_space, init_mm's
 * mmlist, the writeback counters), the host file system standing in for the VFS, and the
 * choice by name of the implementation behind each kernel file's header. {@code boot}'s
 * component and every module's test kernels are built from these same modules.
 */
@SuppressWarnings("module") // linux.boot is not on this module's path
module linux.init {
    requires transitive linux.kernel;
    requires transitive linux.arch.x86;
    requires transitive linux.block;
    requires transitive linux.mm.page;
    requires transitive dagger;
    requires transitive jakarta.inject;

    exports linux.init;
}
