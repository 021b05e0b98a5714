/**
 * The two page-table formats of linux-2.6.20 i386: {@link linux.arch.x86.internal.Pgtable2Level}
 * ({@code "2level"}, pgtable-2level.h) and {@link linux.arch.x86.internal.Pgtable3Level}
 * ({@code "pae"}, pgtable-3level.h), sharing the pgtable.h part in a package-private base.
 * Exported only to {@code linux.boot}, which picks one by name at boot.
 */
package linux.arch.x86.internal;
