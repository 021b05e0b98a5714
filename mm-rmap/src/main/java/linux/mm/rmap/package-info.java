/**
 * Mirrors linux-2.6.20 {@code mm/rmap.c}. This module is filled by its own issue; until then
 * it holds only its module declaration and this package documentation.
 */
package linux.mm.rmap;
