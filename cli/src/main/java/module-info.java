/**
 * The {@code mmemu} command: util-linux-style tools (mkswap, swaplabel), pte decoding,
 * workloads and demos over an emulated linux-2.6.20 kernel. The only module besides
 * {@code boot} that names the Dagger component, and the only one that prints.
 */
module linux.cli {
    requires linux.boot;
    requires linux.arch.x86;
    requires linux.mm.page;
    requires transitive info.picocli;
    requires me.tongfei.progressbar;

    exports linux.cli;

    opens linux.cli to info.picocli;
}
